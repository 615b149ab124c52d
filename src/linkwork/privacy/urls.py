from django.urls import path

from linkwork.privacy import views

app_name = "privacy"
urlpatterns = [
    path("people/<int:pk>/subject-access/", views.subject_access_page, name="subject_access"),
    path(
        "people/<int:pk>/subject-access/<str:format>/",
        views.subject_access_file,
        name="subject_access_file",
    ),
]
