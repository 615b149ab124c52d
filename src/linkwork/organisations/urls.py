from django.urls import path

from linkwork.organisations import host_settings, leave_views, views

app_name = "organisations"
urlpatterns = [
    path(
        "administration/practice-populations/",
        views.practice_population,
        name="practice_population",
    ),
    path("administration/host-settings/", host_settings.host_settings, name="host_settings"),
    path(
        "administration/host-settings/<int:pk>/",
        host_settings.host_setting,
        name="host_setting",
    ),
    path("leave/", leave_views.leave_list, name="leave"),
    path("leave/<int:pk>/", leave_views.change_leave, name="change_leave"),
]
