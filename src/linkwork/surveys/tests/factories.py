from datetime import timedelta

from django.utils import timezone

from linkwork.surveys import services
from linkwork.surveys.models import Audience


def survey_in(hscp, by, *, year: int = 2026, audience: str = Audience.BOTH, previous=None):
    return services.create_survey(
        hscp=hscp,
        title="Link worker service survey",
        year=year,
        audience=audience,
        closes_on=timezone.localdate() + timedelta(days=28),
        previous=previous,
        by=by,
    )


def survey_token(world) -> str:
    """A printed link to Glasgow's survey at practice X, and the survey (for the URL metatest)."""
    survey = survey_in(world.hscp_a, world.users["commissioner"])
    return services.print_links(
        survey=survey, practice=world.practice_x, how_many=1, by=world.users["commissioner"]
    )[0]


def answered(survey, practice, by, groups: list[str], **answers) -> None:
    """One response per entry of `groups`, each through a printed link at `practice`."""
    tokens = services.print_links(survey=survey, practice=practice, how_many=len(groups), by=by)
    for token, group in zip(tokens, groups, strict=True):
        services.respond(token=token, staff_group=group, answers=answers)
