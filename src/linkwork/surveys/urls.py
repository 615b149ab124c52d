from django.urls import path

from linkwork.surveys import views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.new_survey, name="new"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/send/", views.send_survey, name="send"),
    path("surveys/<int:pk>/close/", views.close_survey, name="close"),
    path("surveys/<int:pk>/printed-links/", views.printed_links, name="printed_links"),
    path("surveys/<int:pk>/next-round/", views.next_round, name="next_round"),
    # The respondent's single-use link: no sign-in (services.py says why it cannot be
    # guessed); its token is redacted from the logs (config/logredact.py).
    path("staff-survey/<str:token>/", views.respond, name="respond"),
]
