"""Coded messages for the referring practice, queued by the real services' steps and
filed from the practice's page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.interop import codes, messages
from linkwork.interop.models import Event, GpMessage
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.referrals.models import ReferralStatus

PAGE = reverse("gp_record:messages")
ALL_STEPS = ("accept", "session", "baseline", "share", "exit", "close")


def _events(case) -> list[str]:
    return sorted(GpMessage.objects.filter(case=case).values_list("event", flat=True))


def test_each_step_queues_one_coded_message(wednesday_morning, world, steps):
    case = steps("accept")
    assert _events(case) == [Event.ACCEPTED]
    accepted = GpMessage.objects.get(case=case)
    assert (accepted.code, accepted.practice) == (codes.REFERRED.code, world.practice_x)
    steps("session")
    assert _events(case) == sorted([Event.ACCEPTED, Event.FIRST_CONTACT])
    steps("baseline")  # not shared yet: the practice is not told the score
    assert Event.SCORE not in _events(case)
    steps("share")  # agreed: the score recorded before is queued now
    steps("exit")
    scores = GpMessage.objects.filter(case=case, event=Event.SCORE).order_by("occurred_on", "pk")
    recorded = QuestionnaireResponse.objects.filter(case=case).order_by("pk")
    assert [m.value for m in scores] == [r.metric_score for r in recorded]
    assert {m.code for m in scores} == {"718466001"}
    steps("close")
    closed = GpMessage.objects.get(case=case, event=Event.CLOSED)
    assert (closed.code_system, closed.code) == (codes.LOCAL, codes.COMPLETED.code)
    assert messages.queue(cases=[case.pk], referrals=[steps.referral.pk]) == 0  # never twice
    assert len(_events(case)) == 5


def test_a_new_referral_asks_nothing_of_the_messages_until_it_is_decided(
    wednesday_morning, world, django_capture_on_commit_callbacks
):
    """A referral waiting to be triaged can bring no message (due_for): its commit skips
    the query that would find none (decision 0155)."""
    from linkwork.interop.tests.conftest import _refer

    committed = django_capture_on_commit_callbacks(execute=True)
    with CaptureQueriesContext(connection) as asked, committed:
        referral = _refer(world)
    assert referral.status == ReferralStatus.NEW
    queued = [
        q
        for q in asked.captured_queries
        if q["sql"].startswith('SELECT DISTINCT "referrals_referral"')
    ]
    assert not queued, "the messages' query ran for a referral that can bring none"
    assert messages.due_for(referral) == []
    assert {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED} == messages.STATUSES_WITH_MESSAGES


def test_the_practice_files_each_once_and_sees_only_its_own(
    wednesday_morning, world, steps, client, outsiders
):
    for name in ALL_STEPS:
        case = steps(name)
    client.force_login(world.users["practice_staff"])
    page = client.get(PAGE).content.decode()
    assert page.count("Mark as filed<") == 5
    assert reverse("gp_record:summary_pdf", args=[case.pk]) in page
    assert "871731000000106" in page
    assert steps.referral.person.full_name in page
    message = GpMessage.objects.get(case=case, event=Event.ACCEPTED)
    client.post(reverse("gp_record:file", args=[message.pk]))
    message.refresh_from_db()
    assert message.filed_by == world.users["practice_staff"]
    again = client.post(reverse("gp_record:file", args=[message.pk]), follow=True)
    assert "already filed by" in again.content.decode()
    after = client.get(PAGE).content.decode()
    assert after.count("Mark as filed<") == 4
    client.force_login(outsiders["other_practice_staff"])
    assert "871731000000106" not in client.get(PAGE).content.decode()
    assert client.post(reverse("gp_record:file", args=[message.pk])).status_code == 404


def test_scores_go_only_while_the_person_agrees(wednesday_morning, world, steps, client):
    from linkwork.casework import services as casework

    for name in ("accept", "session", "baseline", "share"):
        case = steps(name)
    client.force_login(world.users["practice_staff"])
    assert "718466001" in client.get(PAGE).content.decode()
    casework.set_practice_sharing(
        case=case, by=world.users["link_worker"], shares_with_practice=False
    )
    assert "718466001" not in client.get(PAGE).content.decode()


def test_the_download_lists_the_messages_with_codes(wednesday_morning, world, steps, client):
    import io

    import openpyxl

    for name in ("accept", "session"):
        steps(name)
    client.force_login(world.users["practice_staff"])
    response = client.get(PAGE, {"download": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[5] for r in rows[1:]] == ["first-contact", "871731000000106"]
    exported = AuditEvent.objects.filter(action="export", person_id=steps.referral.person_id)
    assert exported.count() == 2  # a read of the person, for each message they are in


def test_the_person_declining_is_coded_and_the_services_decline_is_not(
    wednesday_morning, world, steps, django_capture_on_commit_callbacks
):
    from linkwork.referrals.services import decline_referral

    worker = world.users["link_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        decline_referral(referral=steps.referral, by=worker, reason="no_consent", feedback="")
        decline_referral(referral=world.referral_x, by=worker, reason="not_eligible", feedback="")
    declined = GpMessage.objects.get(referral=steps.referral)
    assert (declined.event, declined.code) == (Event.DECLINED, codes.DECLINED.code)
    assert not GpMessage.objects.filter(referral=world.referral_x).exists()


def test_not_engaging_is_coded_locally(
    wednesday_morning, world, steps, django_capture_on_commit_callbacks
):
    from linkwork.casework.services import close_case
    from linkwork.core.codelists import codelist

    case = steps("accept")
    with django_capture_on_commit_callbacks(execute=True):
        close_case(
            case=case,
            by=world.users["link_worker"],
            reason="did_not_engage",
            not_engaged_reason=codelist("not_engaged_reasons").choices()[0][0],
            closed_on=case.opened_on,
        )
    closed = GpMessage.objects.get(case=case, event=Event.NOT_ENGAGED)
    assert (closed.code_system, closed.code) == (codes.LOCAL, codes.NOT_ENGAGED.code)


def test_the_practice_marks_several_filed_at_once(
    wednesday_morning, world, steps, client, outsiders
):
    for name in ALL_STEPS:
        case = steps(name)
    ours = list(GpMessage.objects.filter(case=case).order_by("pk"))
    first, second, *rest = ours
    many = reverse("gp_record:file_many")
    # Another practice's staff may tick ours by their ids: nothing is filed.
    client.force_login(outsiders["other_practice_staff"])
    refused = client.post(many, {"message": [first.pk, second.pk]}, follow=True)
    assert "Select the messages you have entered" in refused.content.decode()
    assert not GpMessage.objects.filter(filed_at__isnull=False).exists()
    client.force_login(world.users["practice_staff"])
    page = client.get(PAGE).content.decode()
    assert page.count('name="message" type="checkbox"') == len(ours)
    messages.mark_filed(message=second, by=world.users["practice_staff"])  # meanwhile
    done = client.post(many, {"message": [first.pk, second.pk, "x"]}, follow=True)
    shown = done.content.decode()
    assert f"Marked 1 message as filed: {first.display} for Ann Coded" in shown  # not the second
    assert "already filed by" in shown  # the second, named rather than filed twice
    filed = GpMessage.objects.filter(filed_at__isnull=False)
    assert set(filed.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert all(m.filed_by == world.users["practice_staff"] for m in filed)
    assert not GpMessage.objects.filter(pk__in=[m.pk for m in rest], filed_at__isnull=False)
    nothing = client.post(many, {}, follow=True)
    assert "Select the messages you have entered" in nothing.content.decode()


# --- The practice's review: which one was filed, undoing it, nothing ticked, a long list ---

ANN = "Ann Coded"  # conftest's person, as practice X's referral names her
DAY = "25 Nov 2026"  # the Wednesday the steps are taken


def _filed_alone_and_together(client, world, steps):
    for name in ALL_STEPS:
        case = steps(name)
    accepted = GpMessage.objects.get(case=case, event=Event.ACCEPTED)
    contact = GpMessage.objects.get(case=case, event=Event.FIRST_CONTACT)
    closed = GpMessage.objects.get(case=case, event=Event.CLOSED)
    client.force_login(world.users["practice_staff"])
    alone = client.post(reverse("gp_record:file", args=[accepted.pk]), follow=True)
    together = client.post(
        reverse("gp_record:file_many"), {"message": [contact.pk, closed.pk]}, follow=True
    )
    return accepted, contact, closed, alone.content.decode(), together.content.decode()


def test_the_confirmation_names_the_person_and_the_date_of_each_filed(
    wednesday_morning, world, steps, client
):
    accepted, contact, closed, alone, together = _filed_alone_and_together(client, world, steps)
    assert f"Marked as filed: {accepted.display} for {ANN}, {DAY}." in alone
    confirmed = together[together.index("Marked 2 messages as filed: ") :].split("</p>")[0]
    assert f"{contact.display} for {ANN}, {DAY}" in confirmed
    assert f"{closed.display} for {ANN}, {DAY}" in confirmed


def test_a_message_filed_by_mistake_is_marked_not_filed_again(
    wednesday_morning, world, steps, client, outsiders
):
    for name in ("accept", "session"):
        case = steps(name)
    message = GpMessage.objects.get(case=case, event=Event.ACCEPTED)
    staff = world.users["practice_staff"]
    messages.mark_filed(message=message, by=staff)
    undo = reverse("gp_record:unfile", args=[message.pk])
    client.force_login(outsiders["other_practice_staff"])
    assert client.post(undo).status_code == 404  # another practice's: not theirs to undo
    client.force_login(staff)
    page = client.get(PAGE).content.decode()
    assert f'formaction="{undo}"' in page
    assert "Undo<" in page
    assert page.count("Undo<") == 1
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    shown = client.post(undo, follow=True).content.decode()
    message.refresh_from_db()
    assert (message.filed_at, message.filed_by) == (None, None)
    assert f"Marked as not filed: {message.display} for {ANN}, {DAY}." in shown
    assert "back among the messages to file" in shown
    assert shown.count("Mark as filed<") == 2  # it can be filed again
    changed = AuditEvent.objects.filter(pk__gt=before, action="change", path=undo)
    assert changed.get().person_id == steps.referral.person_id  # audited as filing is
    again = client.post(undo, follow=True).content.decode()
    assert "is not marked as filed" in again


def test_nothing_ticked_is_the_error_summary_leading_to_the_first_checkbox(
    wednesday_morning, world, steps, client
):
    for name in ("accept", "session"):
        steps(name)
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("gp_record:file_many"), {})
    shown = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in shown
    assert "nhsuk-error-summary" in shown
    assert 'href="#id_message"' in shown  # the summary's link ...
    first = shown.index('name="message" type="checkbox"')
    assert shown.rfind('id="id_message"', 0, first) > shown.rfind("<input", 0, first)  # ... to it
    assert "nhsuk-error-message" in shown  # and the error said beside the checkboxes


def _many(steps, world, count: int, month: int, filed_by=None):
    """`count` messages for Ann Coded's referral, dated in `month` of 2026."""
    from datetime import date

    from django.utils import timezone

    made = GpMessage.objects.bulk_create(
        GpMessage(
            practice=world.practice_x,
            person=steps.referral.person,
            referral=steps.referral,
            event=Event.ACCEPTED,
            key=f"many:{month}:{i}",
            code_system=codes.REFERRED.system,
            code=codes.REFERRED.code,
            display=codes.REFERRED.display,
            occurred_on=date(2026, month, 1 + i % 25),
            filed_at=timezone.now() if filed_by else None,
            filed_by=filed_by,
        )
        for i in range(count)
    )
    return made


def test_the_list_is_narrowed_and_paged_to_file_first_keeping_the_filters(
    wednesday_morning, world, steps, client
):
    import csv
    import io

    staff = world.users["practice_staff"]
    _many(steps, world, 20, month=10, filed_by=staff)
    _many(steps, world, 30, month=11)
    client.force_login(staff)
    first = client.get(PAGE).content.decode()
    assert first.count("<tr") - 1 == 25  # a page at a time
    assert first.count("Mark as filed<") == 25  # those still to file first
    assert "?page=2" in first
    assert (
        "50 messages: those to file first (newest first), then the last filed. Page 1 of 2" in first
    )
    filed = client.get(PAGE, {"show": "filed"}).content.decode()
    assert "Mark as filed<" not in filed
    assert filed.count("Undo<") == 20
    october = client.get(PAGE, {"show": "", "month": "2026-10"}).content.decode()
    assert "nhsuk-error-summary" not in october
    assert october.count("Undo<") == 20
    assert (
        "20 messages: those to file first (newest first), then the last filed, of October 2026"
        in october
    )
    assert "Mark as filed<" not in october
    to_file = client.get(PAGE, {"show": "to-file", "month": "2026-11"}).content.decode()
    assert to_file.count("Mark as filed<") == 25
    assert "show=to-file&amp;month=2026-11&amp;page=2" in to_file  # paging keeps the filters
    assert "show=to-file&amp;month=2026-11&amp;download=csv" in to_file
    second = client.get(PAGE, {"show": "to-file", "month": "2026-11", "page": 2}).content.decode()
    assert second.count("Mark as filed<") == 5
    # Filing from a filtered page comes back to it.
    one = GpMessage.objects.filter(filed_at__isnull=True).first()
    back = client.post(
        reverse("gp_record:file", args=[one.pk]) + "?show=to-file&month=2026-11&page=2"
    )
    assert back.url == PAGE + "?show=to-file&month=2026-11&page=2"
    # The download follows the filter, every row rather than a page.
    download = client.get(PAGE, {"show": "filed", "download": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) - 1 == 21
    assert all(row[9] for row in rows[1:])
    # A month typed wrong is named, the rest still shown.
    wrong = client.get(PAGE, {"month": "2026-13"}).content.decode()
    assert "nhsuk-error-summary" in wrong
    assert 'href="#id_month"' in wrong


def test_only_the_messages_shown_are_audited_as_read(wednesday_morning, world, steps, client):
    staff = world.users["practice_staff"]
    _many(steps, world, 30, month=11)
    client.force_login(staff)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    client.get(PAGE)
    viewed = AuditEvent.objects.filter(pk__gt=before, action="view", path=PAGE)
    assert viewed.count() == 25
