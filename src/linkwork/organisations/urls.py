from django.urls import path

from linkwork.organisations import host_settings, views

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
]
