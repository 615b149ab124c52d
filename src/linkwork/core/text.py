"""Small pieces of wording shared by pages, presenters and messages."""


def counted(number: int, noun: str, plural: str = "") -> str:
    """'1 day', '3 days', '0 cases', '1 person' / counted(2, 'person', 'people')."""
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


def single_spaced(value: str) -> str:
    """A name as it is saved and compared: no spaces at the ends, one between words, so
    "Food  Bank " and "Food Bank" are one organisation."""
    return " ".join((value or "").split())


def too_long(what: str, limit: int) -> str:
    """Text over a limit, refused naming the field and the limit (pages and API alike)."""
    return f"Shorten the {what} to {limit:,} characters or fewer"
