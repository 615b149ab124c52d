"""Small-number suppression: the one rule for hiding counts that could identify people.

Counts from 1 to SUPPRESS_BELOW - 1 are shown as "<SUPPRESS_BELOW"; zero is shown,
as it identifies no one. Public Health Scotland's statistical disclosure control
protocol suppresses small counts in the same way (threshold 5 is its common choice).
"""

SUPPRESS_BELOW = 5


def is_suppressed(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def suppressed(count: int) -> str:
    return f"<{SUPPRESS_BELOW}" if is_suppressed(count) else str(count)
