import re

CAPTION = re.compile(r"<caption[^>]*>\s*(\d+) entr(?:y|ies)\s*</caption>")


def entries(page: str) -> int:
    """How many entries the audit log page says match (0 when it shows no table)."""
    found = CAPTION.search(page)
    return int(found[1]) if found else 0
