from django.urls import path

from linkwork.reporting.audit_log import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.search, name="search"),
    path("audit/download/", views.export, name="export"),
    path("audit/subject-access/", views.subject_access, name="subject_access"),
]
