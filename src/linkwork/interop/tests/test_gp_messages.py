"""Coded messages for the referring practice, queued by the real services' steps and
filed from the practice's page."""

from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.interop import codes, messages
from linkwork.interop.models import Event, GpMessage
from linkwork.outcomes.models import QuestionnaireResponse

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
    assert "Marked 1 message as filed." in shown
    assert "already filed by" in shown  # the second, named rather than filed twice
    filed = GpMessage.objects.filter(filed_at__isnull=False)
    assert set(filed.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert all(m.filed_by == world.users["practice_staff"] for m in filed)
    assert not GpMessage.objects.filter(pk__in=[m.pk for m in rest], filed_at__isnull=False)
    nothing = client.post(many, {}, follow=True)
    assert "Select the messages you have entered" in nothing.content.decode()
