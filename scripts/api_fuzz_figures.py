"""The figures of a schemathesis run, from its NDJSON report (scripts/api-fuzz.sh).

    python scripts/api_fuzz_figures.py EVENTS.ndjson

Prints operations tested, test cases, and failures by check: how many test cases failed it
and how many distinct failures (operation and kind) that makes. Exits 1 on a server error,
a schema violation, a stack trace shown or data changed by a refused request, or when no
test case ran; other checks (a bad request accepted) are reported but do not fail.
"""

import json
import sys
from collections import Counter, defaultdict

# What the brief counts: a 5xx is a server error; an undocumented status code, content
# type or response body is a schema violation.
SERVER_ERRORS = {"not_a_server_error"}
# Our own (scripts/fuzz_checks.py): a stack trace shown, a refused request that wrote.
OUR_OWN = {"no_stack_trace", "rejected_request_changes_nothing"}
SCHEMA_VIOLATIONS = {
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
}


def figures(lines) -> dict:
    operations, cases = set(), set()
    failed_cases = Counter()
    distinct = defaultdict(set)
    selected = None
    for line in lines:
        event = json.loads(line)
        if "LoadingFinished" in event:
            selected = event["LoadingFinished"]["statistic"]["operations"]["selected"]
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        if finished["status"] == "skip":
            continue
        if finished["phase"] != "stateful":  # its label is "Stateful tests"
            operations.add(recorder["label"])
        cases.update(recorder.get("cases", {}))
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check["status"] != "failure":
                    continue
                failed_cases[check["name"]] += 1
                failure = check["failure_info"]["failure"]
                distinct[check["name"]].add((failure["operation"], failure["title"]))
    return {
        "selected": selected,
        "operations": operations,
        "cases": len(cases),
        "failed_cases": failed_cases,
        "distinct": distinct,
    }


def report(found: dict) -> bool:
    print(f"Operations: {len(found['operations'])} tested of {found['selected']} selected")
    print(f"Test cases: {found['cases']}")
    server = sum(len(found["distinct"][name]) for name in SERVER_ERRORS)
    schema = sum(len(found["distinct"][name]) for name in SCHEMA_VIOLATIONS)
    print(f"Server errors: {server}")
    print(f"Schema violations: {schema}")
    own = sum(len(found["distinct"][name]) for name in OUR_OWN)
    print(f"Stack traces shown or data changed by a refused request: {own}")
    print("Failures by check (distinct operation and kind / failing test cases):")
    for name in sorted(found["failed_cases"]) or ["none"]:
        if name == "none":
            print("  none")
            break
        print(f"  {name}: {len(found['distinct'][name])} / {found['failed_cases'][name]}")
        for operation, title in sorted(found["distinct"][name]):
            print(f"    {operation}: {title}")
    if not found["cases"]:
        print("No test case ran: the schema did not load, or the budget is too small")
    return server == schema == own == 0 < found["cases"]


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as events:
        sys.exit(0 if report(figures(events)) else 1)
