"""Small pieces of wording shared by pages, presenters and messages."""


def counted(number: int, noun: str, plural: str = "") -> str:
    """'1 day', '3 days', '0 cases', '1 person' / counted(2, 'person', 'people')."""
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"
