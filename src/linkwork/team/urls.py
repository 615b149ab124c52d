from django.urls import path

from linkwork.team import views

app_name = "team"
urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/workers/<int:pk>/supervision/", views.supervision_list, name="supervision_list"),
    path(
        "team/workers/<int:pk>/supervision/new/",
        views.record_supervision,
        name="record_supervision",
    ),
    path("team/supervision/<int:pk>/", views.supervision_detail, name="supervision"),
    path("team/debriefs/<int:pk>/held/", views.debrief_held, name="debrief_held"),
    path("cases/<int:pk>/debrief/", views.ask_debrief, name="ask_debrief"),
    path("team/workers/<int:pk>/training/", views.training, name="training"),
    path("team/workers/<int:pk>/development/", views.development, name="development"),
]
