"""The interop app's addresses: FHIR at /fhir/ (config/urls.py mounts this file)."""

app_name = "interop"
urlpatterns: list = []
