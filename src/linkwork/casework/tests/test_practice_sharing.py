"""What the referring practice may see of a case: recorded by its link worker, at closure or
any time, and never a summary without the person's agreement."""

from django.urls import reverse

from linkwork.casework.tests.helpers import case_url, page_of


def _sharing_url(case) -> str:
    return reverse("casework:practice_sharing", args=[case.pk])


def test_the_worker_records_the_persons_agreement_and_words(wednesday_morning, world, worker):
    case = world.case_x
    response = worker.post(
        _sharing_url(case),
        {
            "shares_with_practice": "on",
            "practice_summary": "  Goes to the walking group on Tuesdays.  ",
            "version": case.version,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.shares_with_practice is True
    assert case.practice_summary == "Goes to the walking group on Tuesdays."
    assert "Practice may see the outcome" in page_of(worker.get(case_url(case)))


def test_a_summary_without_agreement_is_refused_and_nothing_saved(wednesday_morning, world, worker):
    case = world.case_x
    response = worker.post(
        _sharing_url(case), {"practice_summary": "Doing well", "version": case.version}
    )
    assert response.status_code == 400
    assert "tick that the person agreed to share it with their practice" in page_of(response)
    case.refresh_from_db()
    assert (case.shares_with_practice, case.practice_summary) == (False, "")


def test_agreement_withdrawn_hides_it_again(wednesday_morning, world, worker):
    case = world.case_x
    worker.post(
        _sharing_url(case),
        {"shares_with_practice": "on", "practice_summary": "", "version": case.version},
    )
    case.refresh_from_db()
    worker.post(_sharing_url(case), {"practice_summary": "", "version": case.version})
    case.refresh_from_db()
    assert case.shares_with_practice is False
    assert [h.shares_with_practice for h in case.history.order_by("history_date")][-2:] == [
        True,
        False,
    ]


def test_practice_staff_cannot_record_it(wednesday_morning, client, world):
    client.force_login(world.users["practice_staff"])
    assert client.get(_sharing_url(world.case_x)).status_code == 404
