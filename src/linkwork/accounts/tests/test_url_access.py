"""A metatest over every URL and API path: each role, against records of another
practice, worker, provider and HSCP. A new URL fails here until it is listed in
URL_RULES with who may reach it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.accounts.tests.writes import Writes
from linkwork.directory.taxonomy import needs_taxonomy, term_uuid

PUBLIC = "public"
SIGNED_IN = "signed_in"
STAFF_ADMIN_SITE = "django_admin"

WORKERS = {"link_worker", "other_link_worker", "other_hscp_link_worker"}
TEAM_LEADS = {"team_lead", "other_hscp_team_lead"}
TRIAGERS = WORKERS | TEAM_LEADS
REFERRERS = TRIAGERS | {"practice_staff", "host_setting_staff"}
REFERRAL_FOLLOWERS = REFERRERS
CASE_WORKERS = {"link_worker", "team_lead"}  # of case_x: its worker and their team lead
ADMINISTRATORS = {"administrator", "national_administrator"}
DIRECTORY_KEEPERS = WORKERS | TEAM_LEADS | ADMINISTRATORS  # search and keep the directory
# Read the directory only (decision 0102): its search and service pages, no action.
DIRECTORY_READERS = DIRECTORY_KEEPERS | {"practice_staff", "host_setting_staff"}
COMMISSIONERS = {"commissioner", "national_analyst"}
PARTNER = {"community_partner"}  # of partner_org, which runs service_x and receives link_x
# Keep service_x (of Glasgow's partner_org): Glasgow's team and administrators, national ones.
SERVICE_X_KEEPERS = {"link_worker", "other_link_worker", "team_lead"} | ADMINISTRATORS


def _agency_on_case_x(world):
    from linkwork.casework.agencies import add_agency

    return add_agency(
        case=world.case_x,
        by=world.users["link_worker"],
        agency_type="social_work",
        name="Govan social work",
    )


def _suggestion_on_service_x(world):
    """Inverclyde's worker suggests a change to Glasgow's service_x."""
    from linkwork.directory.services.suggestions import suggest_change

    return suggest_change(
        service=world.service_x,
        by=world.users["other_hscp_link_worker"],
        note="Phoned them",
        fields={"description": "Now on Thursdays"},
    )


TOKEN_HOLDERS = (
    WORKERS | TEAM_LEADS | {"practice_staff", "host_setting_staff"} | PARTNER | COMMISSIONERS
)
# Who manages link_worker's account: their team lead, their HSCP's and the national admin.
MANAGERS_OF_WORKER = {"team_lead"} | ADMINISTRATORS


def _social_outcome(world):
    """An income gained on case_x."""
    from linkwork.casework.services import record_social_outcome

    return record_social_outcome(
        case=world.case_x,
        by=world.users["link_worker"],
        kind="income_gained",
        amount=85,
        period="weekly",
    )


def _letter_on_case_x(world):
    from linkwork.documents.tests.factories import letter_on_case_x

    return letter_on_case_x(world)


def _survey_token(world):
    from linkwork.surveys.tests.factories import survey_token

    return survey_token(world)


def _outcome_records(world):
    """A questionnaire response, a story and a single-use link on case_x."""
    from linkwork.outcomes.tests.factories import link_token, response_on, story_on

    return response_on(world.case_x), story_on(world.case_x), link_token(world.case_x)


def _practice_referred_case(world):
    """referral_x accepted into a case of link_worker's, the person agreeing to share the
    outcome with practice X, and the practice's messages queued (as after its commit)."""
    from linkwork.casework.services import set_practice_sharing
    from linkwork.interop.messages import queue
    from linkwork.referrals.services import accept_referral

    referral = world.referral_x
    referral.refresh_from_db()
    if referral.case is not None:
        return referral.case
    worker = world.users["link_worker"]
    case = accept_referral(referral=referral, by=worker, link_worker=world.worker_a)
    set_practice_sharing(case=case, by=worker, shares_with_practice=True)
    queue(referrals=[referral.pk])
    return case


def _leave_of(world):
    """link_worker's leave next week, other_link_worker covering."""
    from linkwork.organisations.tests.factories import link_worker_away

    return link_worker_away(world, timezone.localdate() + timedelta(days=7), days=4)


def _supervision(world):
    from linkwork.team.tests.factories import supervision_of_worker_a

    return supervision_of_worker_a(world)


def _debrief(world):
    from linkwork.team.tests.factories import debrief_on_case_x

    return debrief_on_case_x(world)


def _time_of(world):
    """An hour of community mapping link_worker logged today."""
    from linkwork.activity.services import log_activity
    from linkwork.core import clock

    worker = world.worker_a
    return log_activity(
        worker=worker, by=worker.user, kind="community_mapping", on=clock.today(), minutes=60
    )


def _meeting_on_case_x(world):
    """An MDT at practice X at which link_worker discussed case_x."""
    from linkwork.activity.services import record_meeting
    from linkwork.core import clock

    worker = world.worker_a
    return record_meeting(
        worker=worker,
        by=worker.user,
        kind="mdt",
        on=clock.today(),
        minutes=60,
        practice=world.practice_x,
        cases=[world.case_x],
    )


def _concern_on_case_x(world):
    """link_worker's concern about practice X, naming case_x."""
    from linkwork.placements.concerns import raise_concern

    return raise_concern(
        by=world.users["link_worker"],
        subject="No room",
        detail="No room on Tuesdays",
        practice=world.practice_x,
        case=world.case_x,
    )


def _survey(world):
    """Glasgow's staff survey, made by its commissioner."""
    from linkwork.surveys.models import Survey
    from linkwork.surveys.tests.factories import survey_in

    found = Survey.objects.filter(hscp=world.hscp_a).first()
    return found or survey_in(world.hscp_a, world.users["commissioner"])


# Glasgow's surveys: its team lead and commissioner, and the national analyst.
SURVEYORS = {"team_lead", "commissioner", "national_analyst"}


def _gp_message(world):
    from linkwork.interop.models import GpMessage

    return GpMessage.objects.get(case=_practice_referred_case(world))


def _group_x(world):
    """link_worker's group in Glasgow, case_x invited, with a meeting yesterday."""
    from linkwork.groups import services as groups

    worker = world.users["link_worker"]
    group = groups.create_group(lead=world.worker_a, name="Walking group", capacity=8, by=worker)
    yesterday = timezone.now() - timedelta(days=1)
    groups.add_meetings(group=group, starts_at=yesterday, duration_minutes=60, by=worker)
    groups.invite(group=group, cases=[world.case_x], by=worker)
    return group


# Glasgow's workers and team lead see its groups; link_worker leads group_x (their team lead
# with them).
GROUP_X_VIEWERS = {"link_worker", "other_link_worker", "team_lead"}


# url name -> (who gets 200, kwargs builder or None). Everybody else must get 403 or 404
# (signed in) or be sent to sign in (anonymous); never the page.
URL_RULES = {
    "core:healthz": (PUBLIC, None),
    "core:accessibility": (PUBLIC, None),
    "accounts:sign_in": (PUBLIC, None),
    "home:home": (SIGNED_IN, None),
    "home:link_worker": (
        {"link_worker", "other_link_worker", "other_hscp_link_worker"},
        None,
    ),
    "home:practice": ({"practice_staff"}, None),
    "home:host_setting": ({"host_setting_staff"}, None),
    "home:team_lead": ({"team_lead", "other_hscp_team_lead"}, None),
    "home:commissioner": ({"commissioner", "national_analyst"}, None),
    "home:partner": ({"community_partner"}, None),
    "home:administrator": ({"administrator", "national_administrator"}, None),
    "accounts:api_tokens": (TOKEN_HOLDERS, None),  # each user's own tokens only
    "accounts:people": (TEAM_LEADS | ADMINISTRATORS, None),  # each sees only their people
    "accounts:invite_person": (TEAM_LEADS | ADMINISTRATORS, None),
    "accounts:person": (MANAGERS_OF_WORKER, lambda w: {"pk": w.users["link_worker"].pk}),
    # A password link answers anyone (an unknown one says it no longer works).
    "accounts:set_password": (PUBLIC, lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    # Each user's own account and sign-in steps only (test_two_factor.py, test_passwords.py).
    "accounts:account": (SIGNED_IN, None),
    "accounts:change_password": (SIGNED_IN, None),
    "accounts:two_factor_code": (SIGNED_IN, None),  # with no code awaited: onward (302)
    "accounts:two_factor_set_up": (SIGNED_IN, None),
    "accounts:recovery_codes": (SIGNED_IN, None),  # shown once; otherwise back (302)
    "casework:case_detail": ({"link_worker", "team_lead"}, lambda w: {"pk": w.case_x.pk}),
    **{
        f"casework:{name}": (CASE_WORKERS, lambda w: {"pk": w.case_x.pk})
        for name in (
            "add_note",
            "edit_person",
            "add_need",
            "set_complexity",
            "practice_sharing",
            "close",
            "new_session",
            "book_session",
            "new_goal",
            "new_social_outcome",
            "add_agency",
            "hold",
        )
    },
    "casework:agency": (CASE_WORKERS, lambda w: {"pk": _agency_on_case_x(w).pk}),
    "casework:end_agency": (CASE_WORKERS, lambda w: {"pk": _agency_on_case_x(w).pk}),
    "casework:reassign": ({"team_lead"}, lambda w: {"pk": w.case_x.pk}),
    "casework:worker_cases": ({"team_lead"}, lambda w: {"pk": w.worker_a.pk}),
    "casework:session": (CASE_WORKERS, lambda w: {"pk": w.session_x.pk}),
    "casework:goal": (CASE_WORKERS, lambda w: {"pk": w.goal_x.pk}),
    "casework:new_action": (CASE_WORKERS, lambda w: {"pk": w.goal_x.pk}),
    "casework:action": (CASE_WORKERS, lambda w: {"pk": w.action_x.pk}),
    "casework:correct_note": (CASE_WORKERS, lambda w: {"pk": w.note_x.pk}),
    "casework:social_outcome": (CASE_WORKERS, lambda w: {"pk": _social_outcome(w).pk}),
    "referrals:list": (REFERRAL_FOLLOWERS, None),
    "referrals:new": (REFERRERS, None),
    "referrals:record": (TRIAGERS, None),
    "referrals:check_chi": (REFERRERS, None),
    "referrals:queue": (TRIAGERS, None),
    "referrals:detail": (
        {"link_worker", "team_lead", "practice_staff"},
        lambda w: {"pk": w.referral_x.pk},
    ),
    "referrals:self_referral": (PUBLIC, None),
    "referrals:intake": ({"team_lead"}, lambda w: {"practice_pk": w.practice_x.pk}),
    "referrals:slots": (WORKERS, None),
    "audit:search": ({"administrator", "national_administrator"}, None),
    "audit:export": (ADMINISTRATORS, None),
    "audit:subject_access": (ADMINISTRATORS, None),
    "directory:search": (DIRECTORY_READERS, None),
    "directory:new_service": (DIRECTORY_KEEPERS, None),
    "directory:service": (DIRECTORY_READERS | PARTNER, lambda w: {"pk": w.service_x.pk}),
    "directory:edit_service": (SERVICE_X_KEEPERS | PARTNER, lambda w: {"pk": w.service_x.pk}),
    "directory:verify": (SERVICE_X_KEEPERS, lambda w: {"pk": w.service_x.pk}),
    # Those who read it suggest; its keepers are sent to the edit page instead (302).
    "directory:suggest_change": (DIRECTORY_KEEPERS, lambda w: {"pk": w.service_x.pk}),
    "directory:suggestions": (DIRECTORY_KEEPERS, None),  # each their own and their team's
    "directory:suggestion": (
        SERVICE_X_KEEPERS | {"other_hscp_link_worker"},  # and the suggester
        lambda w: {"pk": _suggestion_on_service_x(w).pk},
    ),
    "directory:to_check": (DIRECTORY_KEEPERS, None),
    # Practice X's folder: its staff, its worker and their team lead (a PDF of services).
    "directory:local_information_folder": (
        {"link_worker", "team_lead", "practice_staff"},
        lambda w: {"practice_pk": w.practice_x.pk},
    ),
    "directory:digest": (WORKERS | TEAM_LEADS, None),  # their team's HSCP's
    "reporting:unmet_needs": (TEAM_LEADS | {"commissioner", "national_analyst"}, None),
    # Every count suppressed; each commissioner sees their HSCP, a national analyst all.
    "reporting:programme": ({"commissioner", "national_analyst"}, None),
    "reporting:team": (TEAM_LEADS, None),  # each their own team
    "reporting:workload": (TEAM_LEADS, None),  # each their own team
    "reporting:minimum_core_dataset": ({"national_analyst"}, None),
    "organisations:practice_population": ({"administrator", "national_administrator"}, None),
    "organisations:host_settings": (ADMINISTRATORS, None),
    "organisations:host_setting": (ADMINISTRATORS, lambda w: {"pk": w.host_setting_h.pk}),
    # Leave: every worker their own, each team lead their team's; changed by the worker on
    # leave and their team lead only (never the cover worker, other_link_worker).
    "organisations:leave": (WORKERS | TEAM_LEADS, None),
    "organisations:change_leave": ({"link_worker", "team_lead"}, lambda w: {"pk": _leave_of(w).pk}),
    # The referring practice's only: another practice's staff get 404, others 403.
    "reporting:practice_outcomes": ({"practice_staff"}, None),
    # Practice X's messages for its GP record (each practice its own: test_gp_messages.py).
    "gp_record:messages": ({"practice_staff"}, None),
    # The case's workers, and the referring practice where the person agreed to share.
    "gp_record:summary_pdf": (
        CASE_WORKERS | {"practice_staff"},
        lambda w: {"pk": _practice_referred_case(w).pk},
    ),
    "reporting:referral_outcome": ({"practice_staff"}, lambda w: {"pk": w.referral_x.pk}),
    "privacy:subject_access": ({"team_lead"}, lambda w: {"pk": w.case_x.person.pk}),
    "privacy:subject_access_file": (
        {"team_lead"},
        lambda w: {"pk": w.case_x.person.pk, "format": "json"},
    ),
    # Every count suppressed; their own HSCP's by default (a team lead's team's HSCP).
    "reporting:programme_summary": (TEAM_LEADS | {"commissioner", "national_analyst"}, None),
    "reporting:programme_summary_pdf": (
        TEAM_LEADS | {"commissioner", "national_analyst"},
        None,
    ),
    "directory:invite": (TEAM_LEADS | ADMINISTRATORS, None),
    # An invitation link answers anyone (an unknown one says it has expired).
    "directory:accept_invite": (PUBLIC, lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    "links:refer": (
        CASE_WORKERS,
        lambda w: {"case_pk": w.case_x.pk, "service_pk": w.service_x.pk},
    ),
    "links:links": (TRIAGERS, None),
    "links:link": (CASE_WORKERS, lambda w: {"pk": w.link_x.pk}),
    "links:partner_links": (PARTNER, None),
    "groups:groups": (TRIAGERS, None),  # each sees their own HSCP's groups
    "api:group_list": (TRIAGERS, None),
    "groups:new_group": (TRIAGERS, None),
    "groups:group": (GROUP_X_VIEWERS, lambda w: {"pk": _group_x(w).pk}),
    "groups:invite": (GROUP_X_VIEWERS, lambda w: {"pk": _group_x(w).pk}),
    "groups:add_meetings": (CASE_WORKERS, lambda w: {"pk": _group_x(w).pk}),
    "groups:attendance": (CASE_WORKERS, lambda w: {"pk": _group_x(w).meetings.get().pk}),
    "activity:log": (WORKERS, None),  # each their own time
    "activity:change": ({"link_worker"}, lambda w: {"pk": _time_of(w).pk}),
    "activity:remove": ({"link_worker"}, lambda w: {"pk": _time_of(w).pk}),
    "activity:new_meeting": (WORKERS, None),
    "activity:meeting": ({"link_worker"}, lambda w: {"pk": _meeting_on_case_x(w).pk}),
    "activity:team": (TEAM_LEADS, None),  # each their own team
    "activity:practice": ({"practice_staff"}, None),  # their practice's totals
    "reporting:partner_referrals": (PARTNER, None),  # their organisation's links only
    "links:partner_link": (PARTNER, lambda w: {"pk": w.link_x.pk}),
    "directory:partner_services": (PARTNER, None),
    "api:openapi-json": (PUBLIC, None),  # the interface is documentation, not data
    "api:openapi-view": (PUBLIC, None),
    "api:me": (SIGNED_IN, None),
    "api:case_detail": ({"link_worker", "team_lead"}, lambda w: {"case_id": w.case_x.pk}),
    # A subject access export: the team leads of the HSCP holding the record (decision 0106).
    "api:subject_access": ({"team_lead"}, lambda w: {"person_id": w.case_x.person.pk}),
    "api:case_list": (WORKERS | TEAM_LEADS, None),  # each sees only their own (test_api.py)
    "api:session_detail": (CASE_WORKERS, lambda w: {"session_id": w.session_x.pk}),
    "api:goal_detail": (CASE_WORKERS, lambda w: {"goal_id": w.goal_x.pk}),
    "api:action_detail": (CASE_WORKERS, lambda w: {"action_id": w.action_x.pk}),
    "api:social_outcome_detail": (
        CASE_WORKERS,
        lambda w: {"outcome_id": _social_outcome(w).pk},
    ),
    "api:note_detail": (CASE_WORKERS, lambda w: {"note_id": w.note_x.pk}),
    # A case's letters and forms: whoever may see the case (documents/tests/).
    "documents:attach": (CASE_WORKERS, lambda w: {"pk": w.case_x.pk}),
    "documents:download": (CASE_WORKERS, lambda w: {"pk": _letter_on_case_x(w).pk}),
    "api:case_documents": (CASE_WORKERS, lambda w: {"case_id": w.case_x.pk}),
    "api:document_file": (CASE_WORKERS, lambda w: {"document_id": _letter_on_case_x(w).pk}),
    "api:referral_list": (REFERRAL_FOLLOWERS, None),
    "api:referral_detail": (
        {"link_worker", "team_lead", "practice_staff"},
        lambda w: {"referral_id": w.referral_x.pk},
    ),
    **{
        f"outcomes:{name}": (CASE_WORKERS, lambda w: {"pk": w.case_x.pk})
        for name in ("hub", "new_link", "exit_prompt", "rate_goals", "new_story")
    },
    **{
        f"outcomes:{name}": (CASE_WORKERS, lambda w: {"pk": w.case_x.pk, "name": "swemwbs"})
        for name in ("enter", "enter_paper", "print")
    },
    "outcomes:response": (CASE_WORKERS, lambda w: {"pk": _outcome_records(w)[0].pk}),
    "outcomes:correct_response": (CASE_WORKERS, lambda w: {"pk": _outcome_records(w)[0].pk}),
    "outcomes:story": (CASE_WORKERS, lambda w: {"pk": _outcome_records(w)[1].pk}),
    "outcomes:choose_stories": (TEAM_LEADS, None),
    "outcomes:tablet": (TRIAGERS, None),  # with nothing handed over: back home (302)
    "outcomes:tablet_return": (TRIAGERS, None),  # likewise
    # Public: the token is the only key (see outcomes/links.py and test_links.py).
    "outcomes:public_link": (PUBLIC, lambda w: {"token": _outcome_records(w)[2]}),
    "surveys:surveys": (TEAM_LEADS | COMMISSIONERS, None),
    "surveys:new": (TEAM_LEADS | COMMISSIONERS, None),
    "surveys:survey": (SURVEYORS, lambda w: {"pk": _survey(w).pk}),
    "surveys:printed_links": (SURVEYORS, lambda w: {"pk": _survey(w).pk}),
    "surveys:next_round": (SURVEYORS, lambda w: {"pk": _survey(w).pk}),
    "surveys:respond": (PUBLIC, lambda w: {"token": _survey_token(w)}),
    **{
        f"api:{name}": (CASE_WORKERS, lambda w: {"case_id": w.case_x.pk})
        for name in ("case_responses", "case_outcomes", "case_stories", "case_feedback")
    },
    "api:response_detail": (CASE_WORKERS, lambda w: {"response_id": _outcome_records(w)[0].pk}),
    "api:story_detail": (CASE_WORKERS, lambda w: {"story_id": _outcome_records(w)[1].pk}),
    "api:goal_ratings": (CASE_WORKERS, lambda w: {"goal_id": w.goal_x.pk}),
    "api:practice_intake": (
        {"link_worker", "team_lead", "practice_staff"},
        lambda w: {"code": w.practice_x.code},
    ),
    "api:slot_list": (REFERRERS, None),
    "api:directory_search": (DIRECTORY_READERS, None),
    "api:directory_service": (
        DIRECTORY_READERS | PARTNER,
        lambda w: {"service_id": w.service_x.pk},
    ),
    "api:directory_to_check": (DIRECTORY_KEEPERS, None),
    "api:link_list": (WORKERS | TEAM_LEADS | PARTNER, None),  # each sees only their own
    "api:link_detail": (CASE_WORKERS | PARTNER, lambda w: {"link_id": w.link_x.pk}),
    # The Open Referral UK API: public directory data, never people (test_oruk_api.py).
    "oruk:info": (PUBLIC, None),
    "oruk:openapi": (PUBLIC, None),
    "oruk:services": (PUBLIC, None),
    "oruk:service": (PUBLIC, lambda w: {"id": w.service_x.uuid}),
    "oruk:service_at_locations": (PUBLIC, None),
    "oruk:service_at_location": (
        PUBLIC,
        lambda w: {"id": w.service_x.service_at_locations.get().uuid},
    ),
    "oruk:taxonomies": (PUBLIC, None),
    "oruk:taxonomy": (PUBLIC, lambda w: {"id": needs_taxonomy().uuid}),
    "oruk:taxonomy_terms": (PUBLIC, None),
    "oruk:taxonomy_term": (PUBLIC, lambda w: {"id": term_uuid("food")}),
    # Suppressed whoever asks; each their own HSCP's, a national analyst everywhere.
    "api:report_summary": (TEAM_LEADS | {"commissioner", "national_analyst"}, None),
    "api:referral_outcome": ({"practice_staff"}, lambda w: {"referral_id": w.referral_x.pk}),
    "api:practice_outcomes": ({"practice_staff"}, None),
    "api:partner_referrals": (PARTNER, None),  # their organisation's links only
    "api:instrument_list": (SIGNED_IN, None),  # questionnaire wording; no personal data
    "api:instrument_detail": (SIGNED_IN, lambda w: {"name": "swemwbs"}),
    # Supervision: link_worker's own and their team lead's only (team/tests/).
    "team:team": (WORKERS | TEAM_LEADS, None),  # each themself, or their team
    "team:supervision_list": (CASE_WORKERS, lambda w: {"pk": w.worker_a.pk}),
    "team:record_supervision": ({"team_lead"}, lambda w: {"pk": w.worker_a.pk}),
    "team:supervision": (CASE_WORKERS, lambda w: {"pk": _supervision(w).pk}),
    "team:training": (CASE_WORKERS, lambda w: {"pk": w.worker_a.pk}),
    "team:development": (CASE_WORKERS, lambda w: {"pk": w.worker_a.pk}),
    "reporting:development_requests": (COMMISSIONERS, None),  # suppressed counts only
    # Practice X's relationship: its staff and team lead change it, its worker reads it.
    "placements:relationship": (
        {"link_worker", "team_lead", "practice_staff"},
        lambda w: {"code": w.practice_x.code},
    ),
    "placements:edit_relationship": (
        {"team_lead", "practice_staff"},
        lambda w: {"code": w.practice_x.code},
    ),
    "placements:overview": (TEAM_LEADS, None),  # each their own practices
    "placements:concerns": (WORKERS | TEAM_LEADS | {"practice_staff"}, None),  # each theirs
    "placements:new_concern": (WORKERS | {"practice_staff"}, None),
    # Its raiser and their team lead (practice X names no lead GP in this world).
    "placements:concern": (CASE_WORKERS, lambda w: {"pk": _concern_on_case_x(w).pk}),
    # FHIR's capability statement names no one (interop/tests/test_fhir_plumbing.py).
    "interop:fhir_metadata": (PUBLIC, None),
}
# The rest of FHIR at /fhir/ answers a FHIR client's bearer token only, never a session:
# what each client reaches is tested in interop/tests/.
FHIR_TOKEN_ONLY = {
    "interop:fhir_system": None,
    "interop:fhir_operation": lambda w: {"name": "prsb-referral"},
    "interop:fhir_search": lambda w: {"resource_type": "ServiceRequest"},
    "interop:fhir_read": lambda w: {"resource_type": "ServiceRequest", "id": w.referral_x.pk},
}
POST_ONLY = {
    "accounts:sign_out",
    "accounts:still_here",
    "accounts:revoke_api_token",
    "api:instrument_score",
}
POST_ONLY |= {"accounts:new_recovery_codes"}  # the signed-in user's own (test_two_factor.py)
# API writes with a JSON body: ninja reads the body before the view runs, so the form post
# below would only meet a 422; casework and referrals test_api.py post as every role.
POST_ONLY |= {
    f"api:{name}"
    for name in (
        "case_sessions",
        "case_goals",
        "case_needs",
        "case_notes",
        "case_close",
        "case_reassign",
        "case_person",
        "session_check_in",
        "goal_actions",
        "case_social_outcomes",
        "referral_accept",
        "referral_decline",
        "referral_duplicate",
        "referral_verify",
        "referral_not_our_patient",
        "story_choose",  # outcomes/tests/test_records_api.py posts as each role
        "directory_capacity",
        "directory_verify",
        "unmet_needs",
        "case_links",
        "link_steps",
        "link_chased",
    )
}
# POST-only URLs on people's records: (who may, kwargs). Everybody else gets 403 or 404.
POST_RULES = {
    "casework:reopen": (CASE_WORKERS, lambda w: {"pk": w.case_x.pk}),
    "casework:end_holding": (CASE_WORKERS, lambda w: {"pk": w.case_x.pk}),
    "api:case_reopen": (CASE_WORKERS, lambda w: {"case_id": w.case_x.pk}),  # no body
    "api:session_check_out": (CASE_WORKERS, lambda w: {"session_id": w.session_x.pk}),
    "casework:check_in": (CASE_WORKERS, lambda w: {"pk": w.session_x.pk}),
    "casework:check_out": (CASE_WORKERS, lambda w: {"pk": w.session_x.pk}),
    "referrals:accept": ({"link_worker", "team_lead"}, lambda w: {"pk": w.referral_x.pk}),
    "referrals:decline": ({"link_worker", "team_lead"}, lambda w: {"pk": w.referral_x.pk}),
    "referrals:duplicate": ({"link_worker", "team_lead"}, lambda w: {"pk": w.referral_x.pk}),
    "referrals:verify": ({"practice_staff"}, lambda w: {"pk": w.referral_x.pk}),
    "referrals:not_our_patient": ({"practice_staff"}, lambda w: {"pk": w.referral_x.pk}),
    "gp_record:file": ({"practice_staff"}, lambda w: {"pk": _gp_message(w).pk}),
    "gp_record:file_many": ({"practice_staff"}, None),
    "gp_record:unfile": ({"practice_staff"}, lambda w: {"pk": _gp_message(w).pk}),
    "referrals:withdraw_slot": ({"link_worker"}, lambda w: {"pk": _slot_of(w.worker_a).pk}),
    "links:signpost": (
        CASE_WORKERS,
        lambda w: {"case_pk": w.case_x.pk, "service_pk": w.service_x.pk},
    ),
    "links:link_step": (CASE_WORKERS | PARTNER, lambda w: {"pk": w.link_x.pk}),
    "links:link_support": (CASE_WORKERS, lambda w: {"pk": w.link_x.pk}),
    "links:chased": (CASE_WORKERS, lambda w: {"pk": w.link_x.pk}),
    "groups:list_in_directory": (CASE_WORKERS, lambda w: {"pk": _group_x(w).pk}),
    "placements:close_concern": (CASE_WORKERS, lambda w: {"pk": _concern_on_case_x(w).pk}),
    # Only while its follow-up is due (links/tests/test_follow_up.py); link_x is not yet.
    "links:follow_up": (CASE_WORKERS | PARTNER, lambda w: {"pk": w.link_x.pk}),
    "directory:set_capacity": (SERVICE_X_KEEPERS | PARTNER, lambda w: {"pk": w.service_x.pk}),
    "directory:decide_suggestion": (
        SERVICE_X_KEEPERS,
        lambda w: {"pk": _suggestion_on_service_x(w).pk},
    ),
    "directory:record_unmet_need": (WORKERS | TEAM_LEADS, None),
    "team:ask_debrief": ({"link_worker"}, lambda w: {"pk": w.case_x.pk}),  # the case's own
    "team:debrief_held": ({"team_lead"}, lambda w: {"pk": _debrief(w).pk}),
    "surveys:send": (SURVEYORS, lambda w: {"pk": _survey(w).pk}),
    "surveys:close": (SURVEYORS, lambda w: {"pk": _survey(w).pk}),
    **{
        f"accounts:{name}": (MANAGERS_OF_WORKER, lambda w: {"pk": w.users["link_worker"].pk})
        for name in (
            "grant_role",
            "disable_person",
            "enable_person",
            "unlock_person",
            "reset_two_factor",
            "send_password_link",
        )
    },
    "accounts:remove_role": (
        MANAGERS_OF_WORKER,
        lambda w: {
            "pk": w.users["link_worker"].pk,
            "role_pk": w.users["link_worker"].role_assignments.get().pk,
        },
    ),
    "accounts:revoke_person_token": (
        MANAGERS_OF_WORKER,
        lambda w: {"pk": w.users["link_worker"].pk, "token_pk": _token_of(w.users["link_worker"])},
    ),
}
POST_ONLY |= set(POST_RULES)
# DELETE only; test_diary_api.py shows another worker's DELETE is a 404.
POST_ONLY |= {"api:slot_detail"}


def _token_of(user) -> int:
    from linkwork.accounts.tokens import issue_token

    return issue_token(user=user, name="metatest")[0].pk


def next_week_on_a_weekday():
    """10:00 a week or so from now, on a weekday: the world's workers are in their practices
    Monday to Friday, so a slot on a weekend is refused."""
    moment = timezone.localtime() + timedelta(days=7)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment.replace(hour=10, minute=0, second=0, microsecond=0)


def _slot_of(worker):
    from linkwork.referrals.models import AppointmentSlot

    starts_at = next_week_on_a_weekday()
    return AppointmentSlot.objects.create(
        link_worker=worker, practice=worker.practices.first(), starts_at=starts_at
    )


NOT_PAGES = {"api:api-root"}  # the API's root path has no GET operation of its own


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            if pattern.namespace == "admin":
                continue
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_an_access_rule():
    names = set(_named_patterns())
    missing = names - set(URL_RULES) - POST_ONLY - NOT_PAGES - set(FHIR_TOKEN_ONLY)
    assert not missing, f"Add access rules for: {sorted(missing)}"


def _url(world, name, rules=URL_RULES):
    _, kwargs = rules[name]
    return reverse(name, kwargs=kwargs(world) if kwargs else None)


# Pages with a form on someone's record (or an organisation's): a post from anyone else
# must be refused before the form is read, and write nothing.
FORM_PAGES = sorted(
    name
    for name, (allowed, kwargs) in URL_RULES.items()
    if allowed not in (PUBLIC, SIGNED_IN) and not name.startswith(("api:", "oruk:"))
)
ANY_FORM = {"reason": "other", "feedback": "x", "text": "x", "wording": "x", "version": "1"}


@pytest.mark.parametrize("name", sorted(POST_RULES) + FORM_PAGES)
def test_no_one_else_can_post_to_a_record(client, world, name):
    rules = POST_RULES if name in POST_RULES else URL_RULES
    allowed, _ = rules[name]
    url = _url(world, name, rules)
    for username in ALL_USERS:
        if username in allowed:
            continue  # covered by each feature's own tests
        client.force_login(world.users[username])
        writes = Writes()
        with connection.execute_wrapper(writes):
            response = client.post(url, ANY_FORM)
        assert response.status_code in (403, 404, 405), f"{username} got {response.status_code}"
        assert not writes.seen, f"{username} wrote: {writes.seen}"


@pytest.mark.parametrize("name", sorted(URL_RULES))
def test_each_role_reaches_only_what_it_may(client, world, name):
    allowed, _ = URL_RULES[name]
    url = _url(world, name)
    for username in ALL_USERS:
        client.force_login(world.users[username])
        response = client.get(url)
        may = allowed in (PUBLIC, SIGNED_IN) or username in allowed
        if may:
            assert response.status_code in (200, 302), (username, response.status_code)
        else:
            assert response.status_code in (403, 404), f"{username} got {response.status_code}"
            assert world.case_x.person.family_name not in response.content.decode()


@pytest.mark.parametrize("name", sorted(URL_RULES))
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    allowed, _ = URL_RULES[name]
    response = client.get(_url(world, name))
    if allowed == PUBLIC:
        assert response.status_code == 200
    elif name.startswith("api:"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("name", sorted(FHIR_TOKEN_ONLY))
def test_fhir_refuses_every_session(client, world, name):
    kwargs = FHIR_TOKEN_ONLY[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    for username in ALL_USERS:
        client.force_login(world.users[username])
        writes = Writes()
        with connection.execute_wrapper(writes):
            got, posted = client.get(url), client.post(url, "{}", content_type="application/json")
        # A GET where only POST is served is a 405 before anyone is asked for a token.
        assert got.status_code in (401, 405), username
        assert posted.status_code in (401, 405), username
        assert 401 in (got.status_code, posted.status_code), username
        assert not writes.seen, f"{username} wrote: {writes.seen}"


@pytest.mark.parametrize("username", ["link_worker", "team_lead"])
def test_a_case_of_another_worker_or_hscp_is_a_404(client, world, username):
    client.force_login(world.users[username])
    for case in (world.case_z, world.case_y if username == "link_worker" else world.case_z):
        page = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk}))
        api = client.get(reverse("api:case_detail", kwargs={"case_id": case.pk}))
        assert page.status_code == 404
        assert api.status_code == 404
        assert case.person.family_name not in page.content.decode() + api.content.decode()


def test_a_case_id_that_does_not_exist_is_the_same_404(client, world):
    client.force_login(world.users["link_worker"])
    response = client.get(reverse("casework:case_detail", kwargs={"pk": 999999}))
    assert response.status_code == 404
