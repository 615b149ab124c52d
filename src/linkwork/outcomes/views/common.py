from django.http import Http404

from linkwork.outcomes.instruments import INSTRUMENTS
from linkwork.outcomes.models.links import FEEDBACK_FORM

FEEDBACK_TITLE = "End-of-support feedback"


def form_or_404(name: str):
    """An instrument, or None for the feedback form; anything else is a 404."""
    if name == FEEDBACK_FORM:
        return None
    if name not in INSTRUMENTS:
        raise Http404
    return INSTRUMENTS[name]


def title_of(name: str) -> str:
    return FEEDBACK_TITLE if name == FEEDBACK_FORM else INSTRUMENTS[name].title


def form_choices() -> list[tuple[str, str]]:
    return [(name, i.title) for name, i in INSTRUMENTS.items()] + [(FEEDBACK_FORM, FEEDBACK_TITLE)]


def posted(request):
    """The POST data, or None on a GET. An empty POST is still a submission: forms whose
    every field is optional must be bound to report "answer at least one"."""
    return request.POST if request.method == "POST" else None
