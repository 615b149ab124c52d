from django.urls import path

from linkwork.activity import views

app_name = "activity"
urlpatterns = [
    path("time/", views.log_time, name="log"),
    path("time/<int:pk>/", views.change_time, name="change"),
    path("time/<int:pk>/remove/", views.remove_time, name="remove"),
    path("time/meetings/new/", views.new_meeting, name="new_meeting"),
    path("time/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("time/team/", views.team_time, name="team"),
    path("time/practice/", views.practice_time, name="practice"),
]
