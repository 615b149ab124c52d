"""Outcomes on a case through the API, with the same loads, rules and services as the
pages. Mounted at the API root: /cases/{id}/responses, /responses/{id}, /goals/{id}/ratings,
/cases/{id}/stories, /stories/{id}, /cases/{id}/feedback, /cases/{id}/outcomes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from linkwork.accounts.api_auth import require
from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework.api import goal_of
from linkwork.casework.models import Case
from linkwork.casework.services import audit_case, load_case
from linkwork.core.api import ErrorOut, ValidationErrorOut, invalid, service_refusals
from linkwork.outcomes import services
from linkwork.outcomes.models import Story
from linkwork.outcomes.presenters import measure_histories
from linkwork.outcomes.record_schemas import (
    ChangeOut,
    FeedbackIn,
    FeedbackOut,
    GoalRatingIn,
    GoalRatingOut,
    ResponseCorrectionIn,
    ResponseIn,
    ResponseOut,
    StoryChangeIn,
    StoryChooseIn,
    StoryIn,
    StoryOut,
)
from linkwork.outcomes.scoring import ScoringError, UnknownInstrument

router = Router(tags=["outcomes"])
READ = {404: ErrorOut}
WRITE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


def _viewed(request, case_id: int):
    case = load_case(request.user, case_id)
    audit_case(request=request, case=case)
    return case


def _story(request, story_id: int, permission=Permission.CHANGE_CASE) -> Story:
    cases = visible(request.user, permission, Case.objects.all())
    stories = Story.objects.select_related("case__person", "case__link_worker__user")
    return get_object_or_404(stories, pk=story_id, case__in=cases)


# Questionnaire responses


@router.get(
    "/cases/{case_id}/responses",
    response={200: list[ResponseOut], **READ},
    url_name="case_responses",
    summary="The questionnaires taken on a case, oldest first",
)
def response_list(request, case_id: int):
    return list(_viewed(request, case_id).questionnaire_responses.order_by("completed_on", "pk"))


@router.post(
    "/cases/{case_id}/responses",
    response={201: ResponseOut, **WRITE},
    url_name="case_responses",
    summary="Record a questionnaire; scored as `linkwork score` does, kept incomplete if so",
)
def response_new(request, case_id: int, payload: ResponseIn):
    case = load_case(request.user, case_id, Permission.CHANGE_CASE)
    try:
        with service_refusals():
            response = services.record_response(
                case=case,
                by=request.user,
                request=request,
                **payload.model_dump(exclude={"items"}),
                answers=payload.items,
            )
    except UnknownInstrument as error:
        raise invalid("instrument", message=str(error)) from error
    except ScoringError as error:
        raise invalid("items", message=str(error)) from error
    return Status(201, response)


@router.get(
    "/responses/{response_id}",
    response={200: ResponseOut, **READ},
    url_name="response_detail",
    summary="One questionnaire response with its answers and scores",
)
def response_detail(request, response_id: int):
    response = services.visible_response_or_404(request.user, response_id)
    audit_case(request=request, case=response.case, obj=response)
    return response


@router.put(
    "/responses/{response_id}",
    response={200: ResponseOut, **WRITE},
    url_name="response_detail",
    summary="Correct a wrongly entered response: scored again under the same rules",
)
def response_correct(request, response_id: int, payload: ResponseCorrectionIn):
    response = services.visible_response_or_404(request.user, response_id, Permission.CHANGE_CASE)
    try:
        with service_refusals():
            return services.correct_response(
                response=response,
                answers=payload.items,
                timepoint=payload.timepoint,
                completed_on=payload.completed_on,
                reason=payload.reason,
                by=request.user,
                expected_version=payload.version,
                request=request,
            )
    except ScoringError as error:
        raise invalid("items", message=str(error)) from error


@router.get(
    "/cases/{case_id}/outcomes",
    response={200: list[ChangeOut], **READ},
    url_name="case_outcomes",
    summary="Baseline to latest follow-up per instrument, judged against the threshold",
)
def case_outcomes(request, case_id: int):
    changes = []
    for history in measure_histories(_viewed(request, case_id)):
        series = history.series[0]
        if series.change is None:
            continue
        changes.append(
            {
                "instrument": history.instrument.name,
                "measured_on": history.instrument.change_measured_on,
                "baseline": series.first,
                "follow_up": series.rows[-1][1],
                "difference": series.change.difference,
                "threshold": series.change.threshold,
                "direction": series.change.direction,
            }
        )
    return changes


# Goal ratings


@router.get(
    "/goals/{goal_id}/ratings",
    response={200: list[GoalRatingOut], **READ},
    url_name="goal_ratings",
    summary="The person's 0-10 ratings of one goal, oldest first",
)
def goal_rating_list(request, goal_id: int):
    goal = goal_of(request, goal_id, Permission.VIEW_CASE)
    audit_case(request=request, case=goal.case, obj=goal)
    return list(goal.ratings.all())


@router.post(
    "/goals/{goal_id}/ratings",
    response={201: GoalRatingOut, **WRITE},
    url_name="goal_ratings",
    summary="Record the person's 0-10 rating of a goal",
)
def goal_rating_new(request, goal_id: int, payload: GoalRatingIn):
    goal = goal_of(request, goal_id)
    with service_refusals():
        (rating,) = services.rate_goals(
            case=goal.case,
            ratings={goal: payload.rating},
            timepoint=payload.timepoint,
            rated_on=payload.rated_on,
            by=request.user,
            request=request,
        )
    return Status(201, rating)


# Stories


@router.get(
    "/cases/{case_id}/stories",
    response={200: list[StoryOut], **READ},
    url_name="case_stories",
    summary="The stories and quotes recorded on a case",
)
def story_list(request, case_id: int):
    return list(_viewed(request, case_id).stories.all())


def _story_write(write):
    """The scanner's warnings are a 422 on `acknowledged`, naming what it found and the
    code that confirms them."""
    try:
        with service_refusals():
            return write()
    except services.StoryNeedsCheck as needs:
        found = "; ".join(str(finding) for finding in needs.findings)
        raise invalid(
            "acknowledged",
            message=f"It may identify someone ({found}). Edit it, or, having checked that "
            f'nothing identifies anyone, send acknowledged: "{needs.code}"',
        ) from needs


@router.post(
    "/cases/{case_id}/stories",
    response={201: StoryOut, **WRITE},
    url_name="case_stories",
    summary="Record a story or quote; scanned before it may be shareable",
)
def story_new(request, case_id: int, payload: StoryIn):
    case = load_case(request.user, case_id, Permission.CHANGE_CASE)
    story = _story_write(
        lambda: services.add_story(
            case=case, by=request.user, request=request, **payload.model_dump()
        )
    )
    return Status(201, story)


@router.get(
    "/stories/{story_id}",
    response={200: StoryOut, **READ},
    url_name="story_detail",
    summary="One story",
)
def story_detail(request, story_id: int):
    story = _story(request, story_id, Permission.VIEW_CASE)
    audit_case(request=request, case=story.case, obj=story)
    return story


@router.patch(
    "/stories/{story_id}",
    response={200: StoryOut, **WRITE},
    url_name="story_detail",
    summary="Change a story; a changed story leaves reports until chosen again",
)
def story_change(request, story_id: int, payload: StoryChangeIn):
    story = _story(request, story_id)
    fields = payload.model_dump()
    version = fields.pop("version")
    return _story_write(
        lambda: services.update_story(
            story=story, by=request.user, request=request, expected_version=version, **fields
        )
    )


@router.post(
    "/stories/{story_id}/choose",
    response={200: StoryOut, **WRITE},
    url_name="story_choose",
    summary="Team leads: put a shareable story into reports, or take it out",
)
def story_choose(request, story_id: int, payload: StoryChooseIn):
    require(request, Permission.CHOOSE_STORIES, "Only team leads choose stories for reports.")
    story = _story(request, story_id, Permission.CHOOSE_STORIES)
    try:
        return services.choose_for_reports(
            story=story, chosen=payload.for_reports, by=request.user, request=request
        )
    except DjangoValidationError as error:
        raise invalid("for_reports", message=error.messages[0]) from error


# Feedback


@router.get(
    "/cases/{case_id}/feedback",
    response={200: list[FeedbackOut], **READ},
    url_name="case_feedback",
    summary="The person's end-of-support feedback",
)
def feedback_list(request, case_id: int):
    return list(_viewed(request, case_id).feedback.all())


@router.post(
    "/cases/{case_id}/feedback",
    response={201: FeedbackOut, **WRITE},
    url_name="case_feedback",
    summary="Record end-of-support feedback",
)
def feedback_new(request, case_id: int, payload: FeedbackIn):
    case = load_case(request.user, case_id, Permission.CHANGE_CASE)
    fields = payload.model_dump()
    if not (fields["how_helpful"] or fields["what_changed"] or fields["would_recommend"]):
        raise invalid("how_helpful", message="Answer at least one question")
    with service_refusals():
        feedback = services.record_feedback(case=case, by=request.user, request=request, **fields)
    return Status(201, feedback)
