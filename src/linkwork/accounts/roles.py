"""Roles and permissions as data. Who holds which role lives in RoleAssignment."""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    LINK_WORKER = "link_worker", "Link worker"
    PRACTICE_STAFF = "practice_staff", "Practice staff"
    HOST_SETTING_STAFF = "host_setting_staff", "Host setting staff"
    TEAM_LEAD = "team_lead", "Team lead"
    COMMISSIONER = "commissioner", "Commissioner or analyst"
    COMMUNITY_PARTNER = "community_partner", "Community partner"
    ADMINISTRATOR = "administrator", "Administrator"


class Permission(StrEnum):
    VIEW_CASE = "view_case"
    CHANGE_CASE = "change_case"
    ALLOCATE_CASES = "allocate_cases"
    VIEW_PRACTICE = "view_practice"
    VIEW_LINK_WORKER = "view_link_worker"
    REFER_PATIENT = "refer_patient"
    VIEW_REFERRAL = "view_referral"
    # Who was referred and why; without it a referral shows its status only.
    VIEW_REFERRAL_DETAILS = "view_referral_details"
    # What came of a referral (sessions, needs, links, wellbeing, closure): the referring
    # practice's, and only where the person agreed to share it (authorisation.py).
    VIEW_REFERRAL_OUTCOME = "view_referral_outcome"
    TRIAGE_REFERRAL = "triage_referral"
    VERIFY_SELF_REFERRAL = "verify_self_referral"
    SET_INTAKE = "set_intake"
    PUBLISH_SLOTS = "publish_slots"
    VIEW_LONE_WORKING = "view_lone_working"
    VIEW_AGGREGATE_REPORTS = "view_aggregate_reports"
    # The pseudonymised record-level dataset: national analysts only (authorisation.py).
    EXPORT_MINIMUM_CORE_DATASET = "export_minimum_core_dataset"
    # A team's dashboard: its caseloads, waiting list and figures, as recorded.
    VIEW_TEAM_REPORTS = "view_team_reports"
    # The programme summary of an HSCP (page and PDF), every count suppressed.
    VIEW_PROGRAMME_SUMMARY = "view_programme_summary"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_DIRECTORY_ORGANISATION = "view_directory_organisation"
    MANAGE_DIRECTORY_ORGANISATION = "manage_directory_organisation"
    CHOOSE_STORIES = "choose_stories"  # which shareable stories go into reports
    # The service directory and onward links (directory app). Searching it is reading it
    # only: search and service pages, no case, link, unmet need or suggestion (those are
    # the permissions below) and no one named (authorisation.py: reads_directory_only).
    SEARCH_DIRECTORY = "search_directory"
    # A practice's printable local information folder: services near it by need.
    LOCAL_INFORMATION_FOLDER = "local_information_folder"
    # The monthly digest of what changed in an HSCP's directory (page and email).
    VIEW_DIRECTORY_DIGEST = "view_directory_digest"
    MANAGE_DIRECTORY = "manage_directory"
    SUGGEST_SERVICE_CHANGE = "suggest_service_change"  # to a service someone else keeps
    VIEW_LINK = "view_link"
    CHANGE_LINK = "change_link"
    RESPOND_TO_LINK = "respond_to_link"
    RECORD_UNMET_NEED = "record_unmet_need"
    VIEW_UNMET_NEEDS = "view_unmet_needs"
    INVITE_PARTNER = "invite_partner"
    # People and their access (accounts/people/): a bearer token for the API of one's own,
    # and managing other people's accounts and roles (which people and roles: SCOPES and
    # GRANTABLE_ROLES in authorisation.py).
    USE_API_TOKENS = "use_api_tokens"
    MANAGE_PEOPLE = "manage_people"
    # The practice's coded messages to enter into its GP system, and marking them filed
    # (interop; which messages: SCOPES["interop.GpMessage"] in authorisation.py).
    FILE_GP_MESSAGES = "file_gp_messages"
    # A worker's leave and who covers it: recorded by the worker or their team lead; while
    # it lasts the cover worker sees the absent worker's due actions and lone visits
    # (which ones, and only during the leave: authorisation.py; decision 0096).
    RECORD_LEAVE = "record_leave"
    VIEW_COVERED_WORK = "view_covered_work"
    # Group activities (groups app): see the HSCP's groups, start one, invite one's own
    # people; and, for the groups one runs (authorisation.py), meetings and attendance.
    RUN_GROUPS = "run_groups"
    LEAD_GROUP = "lead_group"
    # Supervision between a worker and their team lead, and debriefs (team app): read only
    # by the two of them (SCOPES["team.Supervision"]); the team lead records them.
    VIEW_SUPERVISION = "view_supervision"
    RECORD_SUPERVISION = "record_supervision"
    ASK_FOR_DEBRIEF = "ask_for_debrief"  # about a case of one's own
    # Training records (a worker's own, a team lead's team's) and development asked for;
    # a commissioner sees development requests only as suppressed counts (reporting).
    VIEW_TRAINING = "view_training"
    RECORD_TRAINING = "record_training"
    ASK_FOR_DEVELOPMENT = "ask_for_development"
    # Time across the three domains and meetings (activity; decision 0092): a worker logs
    # their own, a team lead sees their team's split, a practice its team's time totals.
    LOG_TIME = "log_time"
    VIEW_TEAM_TIME = "view_team_time"
    VIEW_PRACTICE_TEAM_TIME = "view_practice_team_time"
    # The practice relationship (lead GP, room, IT, induction, agreement, MDT) and concerns
    # about it or a case (placements; which ones: authorisation.py, decision 0098).
    VIEW_PRACTICE_RELATIONSHIP = "view_practice_relationship"
    CHANGE_PRACTICE_RELATIONSHIP = "change_practice_relationship"
    RAISE_CONCERN = "raise_concern"
    VIEW_CONCERN = "view_concern"
    ANSWER_CONCERN = "answer_concern"
    # Surveys of practice staff and link workers about the service, and their results,
    # every count suppressed (surveys app; which HSCP's: SCOPES["surveys.Survey"]).
    RUN_STAFF_SURVEYS = "run_staff_surveys"
    # Everything held on a person, as JSON and PDF, for a subject access request the
    # data protection officer reviews before release (privacy app; whose: authorisation.py,
    # decision 0106).
    EXPORT_SUBJECT_ACCESS = "export_subject_access"


P = Permission
# Practice and host setting staff read the directory to signpost simple needs themselves:
# nothing in it names a person, and nothing lets them act on it (decision 0102).
DIRECTORY_READING = frozenset({P.SEARCH_DIRECTORY})
# Link workers and team leads search and keep the directory (their HSCP's part of it, and
# suggest changes to the rest), link people and record unmet needs.
DIRECTORY_WORK = DIRECTORY_READING | frozenset(
    {
        P.LOCAL_INFORMATION_FOLDER,
        P.VIEW_DIRECTORY_DIGEST,
        P.MANAGE_DIRECTORY,
        P.SUGGEST_SERVICE_CHANGE,
        P.VIEW_LINK,
        P.CHANGE_LINK,
        P.RECORD_UNMET_NEED,
    }
)
# Link workers and team leads run groups (walking, cooking, peer support) for their HSCP.
GROUP_WORK = frozenset({P.RUN_GROUPS, P.LEAD_GROUP})
# Workers and practice staff see their practices' relationship and raise concerns.
CONCERNS_RAISED = frozenset({P.VIEW_PRACTICE_RELATIONSHIP, P.RAISE_CONCERN, P.VIEW_CONCERN})
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LINK_WORKER: frozenset(
        {
            P.VIEW_CASE,
            P.CHANGE_CASE,
            P.VIEW_PRACTICE,
            P.VIEW_LINK_WORKER,
            P.REFER_PATIENT,
            P.VIEW_REFERRAL,
            P.VIEW_REFERRAL_DETAILS,
            P.TRIAGE_REFERRAL,
            P.PUBLISH_SLOTS,
            *DIRECTORY_WORK,
            *GROUP_WORK,
            P.USE_API_TOKENS,
            P.RECORD_LEAVE,  # their own
            P.VIEW_COVERED_WORK,  # of a colleague they cover, during the leave
            P.VIEW_SUPERVISION,  # their own
            P.ASK_FOR_DEBRIEF,
            P.VIEW_TRAINING,
            P.RECORD_TRAINING,
            P.ASK_FOR_DEVELOPMENT,
            P.LOG_TIME,
            *CONCERNS_RAISED,
        }
    ),
    # Practice staff refer and follow their referrals' status; they never open a case.
    Role.PRACTICE_STAFF: frozenset(
        {
            P.VIEW_PRACTICE,
            P.VIEW_LINK_WORKER,
            P.REFER_PATIENT,
            P.VIEW_REFERRAL,
            P.VIEW_REFERRAL_DETAILS,
            P.VIEW_REFERRAL_OUTCOME,
            P.VERIFY_SELF_REFERRAL,
            P.FILE_GP_MESSAGES,
            *DIRECTORY_READING,
            P.LOCAL_INFORMATION_FOLDER,  # their practice's
            P.USE_API_TOKENS,
            P.VIEW_PRACTICE_TEAM_TIME,
            *CONCERNS_RAISED,
            P.CHANGE_PRACTICE_RELATIONSHIP,
            P.ANSWER_CONCERN,  # as the practice's lead GP only
        }
    ),
    # Staff of a host setting (a homelessness service, an asylum project...) refer and
    # follow their setting's referrals' status, as practice staff do their practice's; no
    # self-referral reaches them to verify, and what came of a referral stays with the
    # person's practice consent, which does not name a host setting (decision 0074).
    Role.HOST_SETTING_STAFF: frozenset(
        {
            P.VIEW_PRACTICE,  # their own host setting
            P.VIEW_LINK_WORKER,
            P.REFER_PATIENT,
            P.VIEW_REFERRAL,
            P.VIEW_REFERRAL_DETAILS,
            *DIRECTORY_READING,
            P.USE_API_TOKENS,
        }
    ),
    Role.TEAM_LEAD: frozenset(
        {
            P.VIEW_CASE,
            P.CHANGE_CASE,
            P.ALLOCATE_CASES,
            P.VIEW_PRACTICE,
            P.VIEW_LINK_WORKER,
            P.REFER_PATIENT,
            P.VIEW_REFERRAL,
            P.VIEW_REFERRAL_DETAILS,
            P.TRIAGE_REFERRAL,
            P.SET_INTAKE,
            P.VIEW_LONE_WORKING,
            P.CHOOSE_STORIES,
            *DIRECTORY_WORK,
            *GROUP_WORK,
            P.VIEW_UNMET_NEEDS,
            P.VIEW_TEAM_REPORTS,
            P.VIEW_PROGRAMME_SUMMARY,  # their team's HSCP's
            P.INVITE_PARTNER,
            P.USE_API_TOKENS,
            P.MANAGE_PEOPLE,  # the link workers of their own team only
            P.RECORD_LEAVE,  # their team's
            P.VIEW_SUPERVISION,  # their team's
            P.RECORD_SUPERVISION,
            P.VIEW_TRAINING,
            P.RECORD_TRAINING,
            P.VIEW_TEAM_TIME,
            P.VIEW_PRACTICE_RELATIONSHIP,
            P.CHANGE_PRACTICE_RELATIONSHIP,
            P.VIEW_CONCERN,
            P.ANSWER_CONCERN,
            P.RUN_STAFF_SURVEYS,  # their team's HSCP's
            P.EXPORT_SUBJECT_ACCESS,  # people whose record their team's HSCP holds
        }
    ),
    # Aggregates only: no permission here reaches a named person.
    Role.COMMISSIONER: frozenset(
        {
            P.VIEW_AGGREGATE_REPORTS,
            P.VIEW_PROGRAMME_SUMMARY,
            P.VIEW_PRACTICE,
            P.VIEW_UNMET_NEEDS,
            P.EXPORT_MINIMUM_CORE_DATASET,
            P.USE_API_TOKENS,  # the reports API, for their own tools (decision 66)
            P.RUN_STAFF_SURVEYS,
        }
    ),
    # Their own organisation's services and the links sent to it: never a case.
    Role.COMMUNITY_PARTNER: frozenset(
        {
            P.VIEW_DIRECTORY_ORGANISATION,
            P.MANAGE_DIRECTORY_ORGANISATION,
            P.VIEW_LINK,
            P.RESPOND_TO_LINK,
            P.USE_API_TOKENS,
        }
    ),
    # Administrators run the service and read the audit log; they do not read case records.
    Role.ADMINISTRATOR: frozenset(
        {
            P.VIEW_AUDIT_LOG,
            P.MANAGE_ORGANISATIONS,
            P.VIEW_PRACTICE,
            P.VIEW_LINK_WORKER,
            P.SEARCH_DIRECTORY,
            P.MANAGE_DIRECTORY,
            P.SUGGEST_SERVICE_CHANGE,
            P.INVITE_PARTNER,
            P.MANAGE_PEOPLE,  # their HSCP's people; no token of their own (they manage others')
        }
    ),
}

# Which organisation field scopes each role (None: scope held elsewhere or optional).
ROLE_SCOPE_FIELD: dict[Role, str] = {
    Role.LINK_WORKER: "provider",
    Role.PRACTICE_STAFF: "practice",
    Role.HOST_SETTING_STAFF: "host_setting",
    Role.TEAM_LEAD: "provider",
    Role.COMMISSIONER: "hscp",  # empty: national analyst, aggregates across HSCPs
    Role.COMMUNITY_PARTNER: "community_organisation",
    Role.ADMINISTRATOR: "hscp",  # empty: administrator of the whole installation
}
NATIONAL_ROLES = {Role.COMMISSIONER, Role.ADMINISTRATOR}

# The order in which a user's home page is chosen when they hold several roles.
HOME_ORDER = [
    Role.LINK_WORKER,
    Role.TEAM_LEAD,
    Role.PRACTICE_STAFF,
    Role.HOST_SETTING_STAFF,
    Role.COMMUNITY_PARTNER,
    Role.COMMISSIONER,
    Role.ADMINISTRATOR,
]
