"""The interop app's web pages (FHIR itself is urls.py, at /fhir/)."""

from django.urls import path

from linkwork.interop import views

app_name = "gp_record"
urlpatterns = [
    path("practice/gp-messages/", views.gp_messages, name="messages"),
    path("practice/gp-messages/filed/", views.file_messages, name="file_many"),
    path("practice/gp-messages/<int:pk>/filed/", views.file_message, name="file"),
    path("practice/gp-messages/<int:pk>/not-filed/", views.unfile_message, name="unfile"),
    path("cases/<int:pk>/gp-summary.pdf", views.summary_pdf, name="summary_pdf"),
]
