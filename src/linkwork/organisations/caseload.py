"""How many open cases a link worker can hold, and how their caseload is put in words: one
place for every page that shows it (decision 0096). The team lead's
home, My day, the handover list and the workload balance all say the same thing."""

from decimal import ROUND_HALF_UP, Decimal

from linkwork.organisations.models import LinkWorker


def places_of(worker: LinkWorker) -> int:
    """The open cases a worker can hold: the post's capacity, pro rata by WTE if known
    (0.6 WTE of 40 is 24)."""
    if worker.wte is None:
        return worker.capacity
    places = Decimal(worker.capacity) * worker.wte
    return int(places.to_integral_value(rounding=ROUND_HALF_UP))


def room_words(open_cases: int, places: int) -> str:
    """'12 places free', 'full' or 'over capacity by 2'."""
    room = places - open_cases
    if room > 0:
        return f"{room} place{'s' if room != 1 else ''} free"
    if room == 0:
        return "full"
    return f"over capacity by {-room}"


def caseload_words(open_cases: int, places: int) -> str:
    """'23 of 40', '40 of 40, full' or '28 of 26, over capacity by 2'."""
    words = f"{open_cases} of {places}"
    if open_cases >= places:
        words += f", {room_words(open_cases, places)}"
    return words


def caseload_of(worker: LinkWorker, open_cases: int) -> str:
    return caseload_words(open_cases, places_of(worker))
