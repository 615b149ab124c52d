"""A link worker's leave and who covers it (decision 0096): what makes leave valid, who is
on leave or covering on a day, recording and changing leave, and telling the cover worker.
Which records the cover worker reaches during the leave is decided in
accounts/authorisation.py; this module only says who covers whom."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core import clock
from linkwork.core.mail import send, site_url
from linkwork.core.recording import save_recorded
from linkwork.core.statements import statement
from linkwork.organisations.models import Leave, LinkWorker

# Cover is for leave, not for a long absence: past six months a worker's cases are handed
# over (casework's handover) rather than watched by a colleague who reaches them only
# through cover, and a practice should not route to someone else for longer.
LONGEST_LEAVE_DAYS = 183
# Leave further ahead than a year is a plan, not a rota: record it nearer the time, when
# who can cover is known.
FURTHEST_AHEAD_DAYS = 365


def _day(on: date | None) -> date:
    return on or clock.today()


def _overlapping(starts_on: date, ends_on: date) -> Q:
    return Q(starts_on__lte=ends_on, ends_on__gte=starts_on)


def _span(leave: Leave) -> str:
    return f"{leave.starts_on:%-d %b %Y} to {leave.ends_on:%-d %b %Y}"


def leave_errors(leave: Leave) -> dict[str, str]:
    """What is wrong with `leave`, by field, in words that say how to put it right."""
    errors = {}
    worker, cover = leave.link_worker_id, leave.cover_id
    dated = leave.starts_on is not None and leave.ends_on is not None
    if dated and leave.ends_on < leave.starts_on:
        errors["ends_on"] = "The last day of leave must be the same as or after the first day"
    elif dated and (leave.ends_on - leave.starts_on).days >= LONGEST_LEAVE_DAYS:
        latest = leave.starts_on + timedelta(days=LONGEST_LEAVE_DAYS - 1)
        errors["ends_on"] = (
            f"Leave with cover can last at most {LONGEST_LEAVE_DAYS} days (six months): enter "
            f"a last day on or before {latest:%-d %B %Y}, or for a longer absence ask the "
            "team lead to hand the worker's cases over"
        )
    furthest = clock.today() + timedelta(days=FURTHEST_AHEAD_DAYS)
    if leave.starts_on is not None and leave.starts_on > furthest:
        errors["starts_on"] = (
            f"Leave can be recorded up to a year ahead: enter a first day on or before "
            f"{furthest:%-d %B %Y}, or record this leave nearer the time"
        )
    if worker is None or cover is None:
        return errors
    if cover == worker:
        errors["cover"] = "Choose a colleague to cover, not the link worker who is on leave"
    elif leave.cover.provider.hscp_id != leave.link_worker.provider.hscp_id:
        errors["cover"] = (
            f"Choose a link worker of {leave.link_worker.provider.hscp}: "
            f"{leave.cover} works in another HSCP"
        )
    if not dated or "ends_on" in errors or "starts_on" in errors:
        return errors
    others = Leave.objects.filter(_overlapping(leave.starts_on, leave.ends_on)).exclude(pk=leave.pk)
    own = others.filter(link_worker=worker).first()
    covers = others.filter(cover=worker).select_related("link_worker__user").first()
    if own is not None:
        errors["starts_on"] = (
            f"{leave.link_worker} already has leave from {_span(own)}: change that leave instead"
        )
    elif covers is not None:
        # Refused rather than handed on: a cover's cover would reach practices and cases
        # nobody chose them for, and the practice would be told the wrong name.
        absent = covers.link_worker
        errors["starts_on"] = (
            f"{leave.link_worker} covers {absent} from {_span(covers)}: ask the team lead to "
            f"change {absent}'s cover first, or choose days outside that leave"
        )
    away = others.filter(link_worker=cover).first()
    if away is not None and "cover" not in errors:
        errors["cover"] = (
            f"{leave.cover} is on leave themself from {_span(away)}: choose someone else to cover"
        )
    return errors


def cover_candidates(workers) -> QuerySet:
    """Who may cover any of `workers`: the link workers of their HSCPs, less the worker
    themself when there is one (a worker recording their own leave)."""
    workers = list(workers)
    candidates = LinkWorker.objects.filter(
        provider__hscp__in={worker.provider.hscp_id for worker in workers}
    )
    if len(workers) == 1:
        candidates = candidates.exclude(pk=workers[0].pk)
    return candidates.select_related("user").order_by("user__first_name", "user__last_name")


def cover_label(worker: LinkWorker, covering: dict[int, Leave]) -> str:
    """A colleague to choose as cover, saying whom they cover already: one worker may cover
    two colleagues, but the one choosing should know."""
    leave = covering.get(worker.pk)
    if leave is None:
        return str(worker)
    return f"{worker} (already covering {leave.link_worker} until {leave.ends_on:%-d %b})"


def covering_now_or_later(workers, on: date | None = None) -> dict[int, Leave]:
    """{worker id: the soonest leave they cover} for those of `workers` covering a colleague
    today or later."""
    leaves = (
        current_or_coming(on)
        .filter(cover__in=workers)
        .select_related("link_worker__user")
        .order_by("-starts_on")
    )
    return {leave.cover_id: leave for leave in leaves}  # the soonest last, so it stays


def current(on: date | None = None) -> QuerySet:
    """Leave taken on the day (today unless given)."""
    day = _day(on)
    return Leave.objects.filter(starts_on__lte=day, ends_on__gte=day)


def current_or_coming(on: date | None = None) -> QuerySet:
    return Leave.objects.filter(ends_on__gte=_day(on))


@statement
def _taken_or_covered(worker_id, day):
    leaves = current(day).filter(Q(link_worker=worker_id) | Q(cover=worker_id))
    return leaves.select_related("link_worker__user", "cover__user").order_by(
        "ends_on", "starts_on", "pk"
    )


def own_and_covered(worker: LinkWorker, on: date | None = None) -> tuple[Leave | None, list]:
    """The worker's own leave on the day (the first by start, as one read alone would give
    it) and the leave they cover, each with the other worker: both in one read, for My
    day."""
    leaves = _taken_or_covered(worker.pk, _day(on))
    own = [leave for leave in leaves if leave.link_worker_id == worker.pk]
    return (
        min(own, key=lambda leave: (leave.starts_on, leave.pk), default=None),  # as `first()`
        [leave for leave in leaves if leave.cover_id == worker.pk],
    )


def on_leave(workers, on: date | None = None) -> dict[int, Leave]:
    """{worker id: their leave} for those of `workers` on leave on the day."""
    leaves = current(on).filter(link_worker__in=workers).select_related("cover__user")
    return {leave.link_worker_id: leave for leave in leaves}


def covering_at(*, practice=None, host_setting=None, on: date | None = None) -> list[Leave]:
    """The leave of workers placed at the practice (or hosted by the setting) on the day,
    each with its cover worker: the practice's referrals reach the cover."""
    if practice is not None:
        return _covering_at(practice.pk, _day(on), through="attachments__practice")
    return _covering_at(host_setting.pk, _day(on), through="host_attachments__host_setting")


# Asked after each new referral is saved (decision 0155: built once a process, once for
# each way a worker is placed).
@statement
def _covering_at(place_id, day, *, through):
    leaves = current(day).filter(**{f"link_worker__{through}": place_id})
    return leaves.select_related("link_worker__user", "cover__user").distinct()


@dataclass(frozen=True)
class LeaveDetails:
    link_worker: LinkWorker
    starts_on: date
    ends_on: date
    cover: LinkWorker
    note: str = ""


@transaction.atomic
def record_leave(*, details: LeaveDetails, by, request=None) -> Leave:
    """Record a worker's leave (the worker themself or their team lead); the cover worker
    is told by email once it is saved."""
    leave = Leave(recorded_by=by)
    return _save(leave, details, by=by, request=request, action=Action.CREATE)


@transaction.atomic
def change_leave(
    *, leave: Leave, details: LeaveDetails, by, expected_version: int | None = None, request=None
) -> Leave:
    """Change recorded leave; a new cover worker is told, as on recording."""
    return _save(
        leave, details, by=by, request=request, action=Action.CHANGE, version=expected_version
    )


def _save(leave: Leave, details: LeaveDetails, *, by, request, action, version=None) -> Leave:
    told = leave.cover_id if leave.pk else None
    for name, value in vars(details).items():
        setattr(leave, name, value)
    saved = save_recorded(
        leave,
        by=by,
        expected_version=version,
        label="leave",
        audit=lambda saved: record(
            action=action,
            request=request,
            actor=by,
            obj=saved,
            hscp_id=saved.link_worker.provider.hscp_id,
            detail={"link_worker": saved.link_worker_id, "cover": saved.cover_id},
        ),
    )
    if saved.cover_id != told:
        transaction.on_commit(lambda: tell_cover(saved))
    return saved


def tell_cover(leave: Leave) -> None:
    """Email the cover worker that they cover (no personal data: colleagues' names only)."""
    send(
        subject="linkwork: you are covering for a colleague",
        message=(
            f"You are covering for {leave.link_worker} while they are on leave from "
            f"{_span(leave)}. Their practices' new referrals come to your queue, and My day "
            "shows their due actions and lone visits.\n\n"
            f"Sign in to see them: {site_url(reverse('home:link_worker'))}"
        ),
        recipients=[leave.cover.user.email],
    )


def tell_cover_of_new_referral(*, practice=None, host_setting=None) -> None:
    """A new referral reached a practice (or host setting) whose worker is on leave: each
    cover worker hears there is one waiting, not whom it is for."""
    place = practice or host_setting
    for leave in covering_at(practice=practice, host_setting=host_setting):
        send(
            subject="linkwork: a new referral while you cover",
            message=(
                f"{place} has a new referral. {leave.link_worker} is on leave until "
                f"{leave.ends_on:%-d %B}, so it is in your queue.\n\n"
                f"Sign in to triage it: {site_url(reverse('referrals:queue'))}\n\n"
                "For privacy, this email does not say who the referral is for."
            ),
            recipients=[leave.cover.user.email],
        )
