"""The examples in docs/interop.md are what an integrator copies first: each must be
accepted as it stands (only the practice code changed to one of the test's)."""

import json
import re
from pathlib import Path

import pytest

from linkwork.interop.tests.fhirclient import client_for

pytestmark = pytest.mark.django_db

INTEROP = Path(__file__).resolve().parents[4] / "docs" / "interop.md"
DOCUMENTED_PRACTICE = "43210"


def documented_examples() -> list[dict]:
    blocks = re.findall(r"```json\n(.*?)```", INTEROP.read_text(), flags=re.DOTALL)
    return [json.loads(block) for block in blocks]


def with_practice(example: dict, code: str) -> dict:
    return json.loads(json.dumps(example).replace(DOCUMENTED_PRACTICE, code))


def test_the_documented_bundle_and_prsb_referral_are_accepted(world):
    bundle, prsb = documented_examples()
    gp_system = client_for(practice=world.practice_x)
    sent = gp_system.post("/fhir/", with_practice(bundle, world.practice_x.code))
    assert sent.status_code == 201, sent.content
    sent = gp_system.post("/fhir/$prsb-referral", with_practice(prsb, world.practice_x.code))
    assert sent.status_code in (200, 201), sent.content
