"""Making, sending and answering surveys. Every write goes through here.

A link's token is 32 random bytes from `secrets`; only its SHA-256 is kept (as for
questionnaire links, outcomes/links.py), so the link exists only in the email or on the
printed sheet. It works once, until the survey closes: the answer and the spending of
the link commit together, under a lock on the link's row."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core import mail
from linkwork.core.recording import save_recorded
from linkwork.organisations.models import LinkWorker
from linkwork.surveys import questions
from linkwork.surveys.models import (
    Audience,
    Delivery,
    Survey,
    SurveyLink,
    SurveyResponse,
    groups_of,
)

TOKEN_BYTES = 32
MOST_PRINTED_AT_ONCE = 200
# A round runs for weeks; a closing date further ahead than this is a typing slip, and
# would keep its links working long after the round is reported.
LONGEST_OPEN = timedelta(days=365)


class LinkUnusable(Exception):
    """Used already, expired, or never issued: the respondent is told the same thing."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_path(token: str) -> str:
    return reverse("surveys:respond", args=[token])


def _audit(survey: Survey, action: Action, *, by, request=None, **detail) -> None:
    record(
        action=action, request=request, actor=by, obj=survey, hscp_id=survey.hscp_id, detail=detail
    )


def closing_date_problem(closes_on: date) -> str | None:
    """Why a new round may not close on `closes_on`, in the words the form shows, or None.
    A date in the past would close the survey at once, before any link could be sent."""
    today = timezone.localdate()
    if closes_on < today:
        return (
            f"Enter a closing date of today ({today:%-d %B %Y}) or later: "
            "a date in the past would close the survey before anyone could answer"
        )
    if closes_on > (latest := today + LONGEST_OPEN):
        return f"Enter a closing date within a year: {latest:%-d %B %Y} at the latest"
    return None


def create_survey(
    *, hscp, title: str, year: int, audience: str, closes_on: date, by, request=None, previous=None
) -> Survey:
    if problem := closing_date_problem(closes_on):
        raise ValidationError({"closes_on": problem})
    survey = Survey(
        hscp=hscp,
        title=title,
        year=year,
        audience=audience,
        closes_on=closes_on,
        previous=previous,
        created_by=by,
    )
    return save_recorded(
        survey, by=by, audit=lambda s: _audit(s, Action.CREATE, by=by, request=request)
    )


def next_round(*, survey: Survey, year: int, closes_on: date, by, request=None) -> Survey:
    """The same survey again (a later year), to compare with this one."""
    if hasattr(survey, "next_round"):
        raise ValidationError(
            {"year": "This survey has been run again already: open the later round"}
        )
    if year <= survey.year:
        raise ValidationError({"year": f"Enter a year after {survey.year}, the year of this round"})
    return create_survey(
        hscp=survey.hscp,
        title=survey.title,
        year=year,
        audience=survey.audience,
        closes_on=closes_on,
        previous=survey,
        by=by,
        request=request,
    )


@dataclass(frozen=True)
class Recipient:
    email: str
    practice_id: int | None
    staff_group: str


def recipients(survey: Survey) -> list[Recipient]:
    """Each person with an account and an email address in the survey's audience: the
    HSCP's practice staff (their practice and, where their account names it, their staff
    group), and link workers of the HSCP's providers. One link each."""
    found: dict[str, Recipient] = {}
    groups = set(survey.groups)
    if survey.audience in (Audience.PRACTICE_STAFF, Audience.BOTH):
        staff = RoleAssignment.objects.filter(
            role=Role.PRACTICE_STAFF,
            practice__cluster__hscp=survey.hscp,
            user__is_active=True,
        ).exclude(user__email="")
        for a in staff.select_related("user").order_by("pk"):
            group = a.job_title if a.job_title in groups else ""
            found.setdefault(a.user.email.lower(), Recipient(a.user.email, a.practice_id, group))
    if survey.audience in (Audience.LINK_WORKERS, Audience.BOTH):
        workers = LinkWorker.objects.filter(
            provider__hscp=survey.hscp, user__is_active=True
        ).exclude(user__email="")
        for worker in workers.select_related("user").order_by("pk"):
            found.setdefault(
                worker.user.email.lower(), Recipient(worker.user.email, None, "link_worker")
            )
    return list(found.values())


def _expires_at(survey: Survey) -> datetime:
    """The end of the survey's last day, in the service's time zone."""
    return timezone.make_aware(datetime.combine(survey.closes_on, time.max))


def _new_links(survey: Survey, delivery: str, places: list[tuple[int | None, str]]) -> list[str]:
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in places]
    SurveyLink.objects.bulk_create(
        SurveyLink(
            survey=survey,
            token_hash=token_hash(token),
            delivery=delivery,
            practice_id=practice_id,
            staff_group=group,
            expires_at=_expires_at(survey),
        )
        for token, (practice_id, group) in zip(tokens, places, strict=True)
    )
    return tokens


def _check_open(survey: Survey) -> None:
    if survey.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": "This survey has closed: run it again as a new round to send more links"}
        )


def email_refused(survey: Survey) -> str | None:
    """Why the survey may not be emailed now, or None. Who had a link is never kept (the
    answers are anonymous), so once any link is out an email to everyone could ask the
    same people twice: a survey is emailed first and once, and printed links top it up."""
    if survey.sent_at is not None:
        return (
            f"This survey was emailed on {timezone.localtime(survey.sent_at):%-d %B %Y} "
            "already. It keeps no record of who had a link, so it cannot be emailed again "
            "without asking the same people twice: print links for anyone who missed it"
        )
    printed = survey.links.filter(delivery=Delivery.PRINTED).count()
    if printed:
        return (
            f"{printed} printed {'link has' if printed == 1 else 'links have'} been made for "
            "this survey already. It keeps no record of who had them, so emailing everyone "
            "now could ask the same people twice: print links for the others too"
        )
    return None


@transaction.atomic
def send_survey(*, survey: Survey, by, request=None) -> int:
    """A link by email to everyone in the audience; once per survey, before any link is
    printed (`email_refused`). Returns how many."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if refused := email_refused(survey):
        raise ValidationError(refused)
    _check_open(survey)
    people = recipients(survey)
    tokens = _new_links(survey, Delivery.EMAIL, [(r.practice_id, r.staff_group) for r in people])
    survey.sent_at = timezone.now()
    survey.save(update_fields=["sent_at"])
    _audit(survey, Action.CHANGE, by=by, request=request, sent=len(tokens))
    emails = [(r.email, mail.site_url(link_path(t))) for r, t in zip(people, tokens, strict=True)]
    transaction.on_commit(lambda: _send_all(survey, emails))
    return len(tokens)


def _send_all(survey: Survey, emails: list[tuple[str, str]]) -> None:
    closes = f"{survey.closes_on:%d %B %Y}".lstrip("0")
    for email, url in emails:
        mail.send(
            subject=f"{survey.title}: a short survey",
            message=(
                "You are invited to answer a short survey about the link worker service.\n\n"
                f"{url}\n\n"
                f"The link is yours alone and works once, until {closes}. You do not need to "
                "sign in, and your answers are not linked to your name.\n"
            ),
            recipients=[email],
        )


@transaction.atomic
def print_links(
    *, survey: Survey, how_many: int, by, practice=None, staff_group: str = "", request=None
) -> list[str]:
    """Links to hand out to people with no account: at a practice (the respondent chooses
    their staff group unless `staff_group` says it), or to link workers. The tokens are
    returned once, for the printed sheet."""
    _check_open(survey)
    if not 1 <= how_many <= MOST_PRINTED_AT_ONCE:
        raise ValidationError({"how_many": f"Enter a number from 1 to {MOST_PRINTED_AT_ONCE}"})
    if staff_group and staff_group not in survey.groups:
        raise ValidationError({"staff_group": "Choose a staff group the survey asks"})
    if practice is None and staff_group != "link_worker":
        raise ValidationError({"practice": "Choose the practice the links are for"})
    if practice is not None and not set(survey.groups) & set(groups_of({Audience.PRACTICE_STAFF})):
        raise ValidationError(
            {"practice": "This survey asks link workers only: print links for link workers"}
        )
    if practice is not None and staff_group == "link_worker":
        raise ValidationError(
            {"staff_group": "Choose a practice staff group for a practice's links"}
        )
    if practice is not None and practice.cluster.hscp_id != survey.hscp_id:
        raise ValidationError({"practice": "Choose a practice of the survey's HSCP"})
    practice_id = practice.pk if practice is not None else None
    tokens = _new_links(survey, Delivery.PRINTED, [(practice_id, staff_group)] * how_many)
    _audit(survey, Action.CREATE, by=by, request=request, printed=how_many, practice=practice_id)
    return tokens


@transaction.atomic
def close_survey(*, survey: Survey, by, request=None) -> Survey:
    """End a survey before its closing date: its unused links stop working now."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    now = timezone.now()
    survey.closes_on = min(survey.closes_on, timezone.localdate() - timedelta(days=1))
    survey.save(update_fields=["closes_on"])
    survey.links.filter(used_at=None, expires_at__gt=now).update(expires_at=now)
    _audit(survey, Action.CHANGE, by=by, request=request, closed=True)
    return survey


def find_usable(token: str) -> SurveyLink | None:
    link = SurveyLink.objects.select_related("survey").filter(token_hash=token_hash(token)).first()
    return link if link is not None and link.usable() else None


def check_answers(link: SurveyLink, group: str, answers: dict) -> dict:
    """The answers to the group's questions only, each a point of the scale or text, from
    a staff group the link may answer as."""
    survey = link.survey
    if group not in link.groups:
        raise ValidationError({"staff_group": "Choose your staff group from the list"})
    points = {code for code, _ in questions.scale()}
    kept = {}
    for question in questions.for_group(survey.question_set, group):
        value = (answers.get(question.code) or "").strip()
        if value and question.is_agreement and value not in points:
            raise ValidationError({question.code: "Choose one of the answers listed"})
        if value:
            kept[question.code] = value
    return kept


@transaction.atomic
def respond(*, token: str, staff_group: str, answers: dict) -> SurveyResponse:
    """One respondent's answers through their link; the link is spent in the same commit."""
    link = (
        SurveyLink.objects.select_for_update(of=("self",))
        .filter(token_hash=token_hash(token))
        .select_related("survey")
        .first()
    )
    if link is None or not link.usable():
        raise LinkUnusable
    group = link.staff_group or staff_group
    response = SurveyResponse.objects.create(
        survey=link.survey,
        staff_group=group,
        practice_id=link.practice_id,
        answers=check_answers(link, group, answers),
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return response
