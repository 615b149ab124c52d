"""The interop app's addresses: FHIR at /fhir/ (config/urls.py mounts this file).
What each address serves is the routing table in fhir/views.py."""

from django.urls import path

from linkwork.interop.fhir import views

app_name = "interop"
urlpatterns = [
    path("metadata", views.metadata, name="fhir_metadata"),
    path("", views.system, name="fhir_system"),
    path("$<str:name>", views.operation, name="fhir_operation"),
    path("<str:resource_type>", views.search, name="fhir_search"),
    path("<str:resource_type>/<str:id>", views.read, name="fhir_read"),
]
