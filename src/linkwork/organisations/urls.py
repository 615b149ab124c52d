from django.urls import path

from linkwork.organisations import views

app_name = "organisations"
urlpatterns = [
    path(
        "administration/practice-populations/",
        views.practice_population,
        name="practice_population",
    ),
]
