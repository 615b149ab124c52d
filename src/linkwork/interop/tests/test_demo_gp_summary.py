"""A closed case of the demo, as seeded through the services: its practice's messages were
queued after each commit, and its GP summary renders as a one-page PDF and a document."""

import io

import pypdf
import pytest
from fhir.resources.R4B.bundle import Bundle

from linkwork.casework.models import Case, CaseStatus
from linkwork.interop import gp_summary, resources
from linkwork.interop.gp_summary import letter_pdf
from linkwork.interop.models import Event, GpMessage

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_a_closed_demo_case_has_its_messages_and_summary(seeded_demo):
    closed = Case.objects.filter(
        status=CaseStatus.CLOSED, shares_with_practice=True, questionnaire_responses__isnull=False
    ).distinct()
    case = next(c for c in closed.order_by("pk") if gp_summary.practice_referral(c))
    events = set(GpMessage.objects.filter(case=case).values_list("event", flat=True))
    assert Event.ACCEPTED in events
    assert events & {Event.CLOSED, Event.NOT_ENGAGED, Event.DECLINED}
    summary = gp_summary.summary_of(case, case.link_worker.user)
    reader = pypdf.PdfReader(io.BytesIO(letter_pdf(summary)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Outcome of social prescribing" in text
    assert summary.person.full_name in text
    for score in summary.scores:
        assert str(score.value) in text
    Bundle.model_validate_json(resources.document(summary).model_dump_json())
