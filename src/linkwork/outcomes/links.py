"""Single-use links: the person completes a questionnaire with no sign-in.

The token is 32 random bytes from `secrets` (256 bits, so it cannot be guessed); only
its SHA-256 is stored, so the link exists only in the email or on the worker's screen.
It expires (OUTCOMES_LINK_VALID_DAYS, default 7) and works once: the first completion
marks it used inside the same transaction, under a row lock, so two at once cannot
both succeed. Answers from a page opened before the link expired are still taken for
OUTCOMES_LINK_ANSWERING_MINUTES from the opening (decision 0144), so a person who starts
near the end does not lose what they filled in.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.casework.services import audit_case
from linkwork.core.mail import site_url
from linkwork.outcomes import measure_rules, services
from linkwork.outcomes.models import Method, QuestionnaireLink
from linkwork.outcomes.models.links import Delivery

TOKEN_BYTES = 32
OPENED_SALT = "outcomes.links.opened"


class LinkUnusable(Exception):
    """Used already, expired, or never issued: the person is told the same thing."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def valid_for() -> timedelta:
    return timedelta(days=int(getattr(settings, "OUTCOMES_LINK_VALID_DAYS", 7)))


@transaction.atomic
def create_link(
    *, case, form: str, timepoint: str, delivery: str, by, email: str = "", request=None
) -> tuple[QuestionnaireLink, str]:
    """A new link and its token (returned once, never stored)."""
    if form != "feedback":
        measure_rules.check_timepoint(case, form, timepoint)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = QuestionnaireLink.objects.create(
        case=case,
        form=form,
        timepoint=timepoint if form != "feedback" else "",
        token_hash=token_hash(token),
        delivery=delivery,
        created_by=by,
        expires_at=timezone.now() + valid_for(),
    )
    audit_case(request=request, case=case, action=AuditAction.CREATE, actor=by, obj=link)
    if delivery == Delivery.EMAIL:
        url = link_url(token)
        transaction.on_commit(lambda: _send(email, url, link.expires_at))
    return link, token


def path_for(token: str) -> str:
    return reverse("outcomes:public_link", args=[token])


def link_url(token: str) -> str:
    """The link as the person will open it: on the configured site address
    (LINKWORK_SITE_URL), never on whatever Host header the worker's request carried."""
    return site_url(path_for(token))


def until(expires_at) -> str:
    """When the link stops working, to the minute: "10am on 2 December 2026". The date
    alone read as the whole of that day, but the link ends at the hour it was made."""
    local = timezone.localtime(expires_at)
    if (local.hour, local.minute) in ((0, 0), (12, 0)):
        clock = "midnight" if local.hour == 0 else "midday"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock} on {local.day} {local:%B %Y}"


def _send(email: str, url: str, expires_at) -> None:
    """No names or case details: the email says only what the link is and until when."""
    send_mail(
        subject="A short questionnaire from your link worker",
        message=(
            "Your link worker has asked you to fill in a short questionnaire.\n\n"
            f"{url}\n\n"
            f"The link works once, until {until(expires_at)}. You do not need to sign in.\n"
            "If you were not expecting this email, you can ignore it."
        ),
        from_email=None,
        recipient_list=[email],
    )


def answering_time() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "OUTCOMES_LINK_ANSWERING_MINUTES", 120)))


def opened_stamp(token: str, kept: str = "") -> str:
    """The signed moment the page was opened, sent back with the answers. One sent back
    (a page shown again with an error) is kept while it holds: the time counts from the
    first opening."""
    if _opened_at(token, kept) is not None:
        return kept
    return signing.dumps(
        {"link": token_hash(token), "at": timezone.now().timestamp()}, salt=OPENED_SALT
    )


def _opened_at(token: str, stamp: str):
    try:
        opened = signing.loads(stamp, salt=OPENED_SALT, max_age=answering_time().total_seconds())
    except signing.BadSignature:  # forged, for another link, or too long ago
        return None
    if opened.get("link") != token_hash(token):
        return None
    return datetime.fromtimestamp(opened["at"], tz=UTC)


def _usable(link, token: str, opened: str) -> bool:
    """Unused, and unexpired now or when the page sending the answers was opened."""
    if link is None or link.used_at is not None:
        return False
    opened_at = _opened_at(token, opened) if opened else None
    return link.usable() or (opened_at is not None and link.usable(now=opened_at))


def find_usable(token: str, opened: str = "") -> QuestionnaireLink | None:
    link = (
        QuestionnaireLink.objects.select_related("case")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return link if _usable(link, token, opened) else None


def still_needed(link: QuestionnaireLink) -> bool:
    """Whether the case can still take what the link asks for today: an exit recorded on
    the case since the link was made means the person has nothing left to do."""
    if link.is_feedback:
        return True
    try:
        measure_rules.check_measure(link.case, link.form, link.timepoint, timezone.localdate())
    except ValidationError:
        return False
    return True


@transaction.atomic
def _claim(token: str, opened: str = "") -> QuestionnaireLink:
    link = (
        # Lock the link row only: PostgreSQL refuses FOR UPDATE across the outer joins.
        QuestionnaireLink.objects.select_for_update(of=("self",))
        .select_related("case__person", "case__link_worker__provider", "case__practice__cluster")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if not _usable(link, token, opened):
        raise LinkUnusable
    link.used_at = timezone.now()
    return link


@transaction.atomic
def complete_questionnaire(*, token: str, answers: list, opened: str = "", request=None):
    """The person's answers through the link; the link is spent with the same commit.
    `opened`: the page's opened_stamp, which lets answers begun in time arrive late."""
    link = _claim(token, opened)
    link.response = services.record_response(
        case=link.case,
        instrument=link.form,
        timepoint=link.timepoint,
        answers=answers,
        method=Method.LINK,
        completed_on=timezone.localdate(),
        request=request,
    )
    link.save(update_fields=["used_at", "response"])
    return link.response


@transaction.atomic
def complete_feedback(*, token: str, opened: str = "", request=None, **answers):
    link = _claim(token, opened)
    link.feedback = services.record_feedback(
        case=link.case,
        method=Method.LINK,
        completed_on=timezone.localdate(),
        request=request,
        **answers,
    )
    link.save(update_fields=["used_at", "feedback"])
    return link.feedback
