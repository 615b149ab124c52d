"""Score wellbeing questionnaires and describe the instruments. No personal data: any
signed-in user may use it (the API's own authentication applies)."""

from django.http import HttpResponse
from ninja import Router
from ninja.errors import HttpError

from linkwork.core.api import ErrorOut, Text, ValidationErrorOut, invalid
from linkwork.outcomes.instruments import INSTRUMENTS, get_instrument
from linkwork.outcomes.json_output import score_json
from linkwork.outcomes.schemas import InstrumentOut, InstrumentSummaryOut, ScoreIn, ScoreOut
from linkwork.outcomes.scoring import ScoringError, UnknownInstrument

router = Router(tags=["outcomes"])


def _instrument_or_404(name: str):
    try:
        return get_instrument(name)
    except UnknownInstrument as error:
        raise HttpError(404, str(error)) from error


@router.get(
    "/", response=list[InstrumentSummaryOut], url_name="instrument_list", summary="The instruments"
)
def instrument_list(request):
    return list(INSTRUMENTS.values())


@router.get(
    "/{name}",
    response={200: InstrumentOut, 404: ErrorOut},
    url_name="instrument_detail",
    summary="One instrument's items, options, notices and bands",
)
def instrument_detail(request, name: Text):
    return _instrument_or_404(name)


@router.post(
    "/{name}/score",
    response={200: ScoreOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="instrument_score",
    summary="Score one set of answers, as `linkwork score` does",
)
def instrument_score(request, name: Text, payload: ScoreIn):
    instrument = _instrument_or_404(name)
    try:
        result = instrument.score(payload.items)
    except ScoringError as error:
        raise invalid("items", message=str(error)) from error
    # Written by hand so metric scores keep their two places (22.30, not 22.3).
    return HttpResponse(score_json(result), content_type="application/json")
