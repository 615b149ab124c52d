"""Bundles of every shape, made by mutating a valid referral Bundle (dropping, changing and
retyping its elements), never get a server error: each answer is a FHIR resource."""

import copy
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkwork.interop.tests.bundles import a_chi, prsb_referral, referral_bundle
from linkwork.interop.tests.fhirclient import client_for, parsed

pytestmark = pytest.mark.django_db
# Kept modest, as the suite runs near CI's time limit; FHIR_FUZZ_EXAMPLES=2000 for a long run.
EXAMPLES = int(os.environ.get("FHIR_FUZZ_EXAMPLES", "60"))

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.text(max_size=20)
    | st.sampled_from(["", "2026-13-45", "Bundle", "transaction", "urn:uuid:x", "0101011234"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


def _mutate(bundle, path, how, replacement):
    if not path:
        return replacement if how != "drop" else {}
    parent = bundle
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "drop":
        del parent[last]
    elif how == "retype":
        current = parent[last]
        parent[last] = [current] if not isinstance(current, list) else {"value": current}
    else:
        parent[last] = replacement
    return bundle


@st.composite
def mutated(draw, valid: dict):
    bundle = copy.deepcopy(valid)
    for _ in range(draw(st.integers(0, 3))):  # none: the valid Bundle itself
        paths = list(_paths(bundle)) if isinstance(bundle, dict | list) else [()]
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(["drop", "change", "retype"]))
        bundle = _mutate(copy.deepcopy(bundle), path, how, draw(JSON))
        if not isinstance(bundle, dict | list):
            break
    return bundle


def test_no_bundle_shape_gets_a_server_error(world):
    gp_system = client_for(practice=world.practice_x)
    statuses = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize="FHIR_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(referral_bundle(world.practice_x.code, a_chi(7))))
    def posts(bundle):
        response = gp_system.post("/fhir/", bundle)
        statuses.append(response.status_code)
        assert response.status_code < 500, (bundle, response.content)
        parsed(response)  # an OperationOutcome or a Bundle, valid FHIR either way

    posts()
    print("fhir fuzz statuses:", {s: statuses.count(s) for s in sorted(set(statuses))})
    assert len(statuses) >= EXAMPLES // 2
    assert {200, 201} & set(statuses)  # some mutations leave a valid referral
    assert {400, 422} & set(statuses)


def test_no_prsb_shape_gets_a_server_error(world):
    gp_system = client_for(practice=world.practice_x)
    statuses = []

    @settings(
        max_examples=EXAMPLES // 2,
        deadline=None,
        derandomize="FHIR_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(prsb_referral(world.practice_x.code, a_chi(8))))
    def posts(body):
        response = gp_system.post("/fhir/$prsb-referral", body)
        statuses.append(response.status_code)
        assert response.status_code < 500, (body, response.content)
        parsed(response)

    posts()
    print("prsb fuzz statuses:", {s: statuses.count(s) for s in sorted(set(statuses))})
    assert {200, 201} & set(statuses)
