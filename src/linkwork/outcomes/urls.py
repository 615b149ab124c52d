from django.urls import path

from linkwork.outcomes.views import closure, entry, goals, links, stories

app_name = "outcomes"
urlpatterns = [
    path("cases/<int:pk>/questionnaires/", entry.hub, name="hub"),
    path("cases/<int:pk>/questionnaires/<str:name>/enter/", entry.enter, name="enter"),
    path("cases/<int:pk>/questionnaires/<str:name>/paper/", entry.enter_paper, name="enter_paper"),
    path("cases/<int:pk>/questionnaires/<str:name>/print/", entry.print_form, name="print"),
    path("cases/<int:pk>/questionnaire-links/new/", links.new_link, name="new_link"),
    path("cases/<int:pk>/exit-measure/", closure.exit_prompt, name="exit_prompt"),
    path("cases/<int:pk>/goal-ratings/", goals.rate_goals, name="rate_goals"),
    path("cases/<int:pk>/stories/new/", stories.new_story, name="new_story"),
    path("stories/<int:pk>/", stories.edit_story, name="story"),
    path("stories/", stories.choose_stories, name="choose_stories"),
    path("responses/<int:pk>/", entry.response_detail, name="response"),
    path("responses/<int:pk>/correct/", entry.correct_response, name="correct_response"),
    path("questionnaire/", entry.tablet, name="tablet"),
    path("questionnaire/hand-back/", entry.tablet_return, name="tablet_return"),
    # The public single-use link: no sign-in (see links.py for why it cannot be guessed).
    path("q/<str:token>/", links.public_link, name="public_link"),
]
