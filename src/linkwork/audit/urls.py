from django.urls import path

from linkwork.audit import views

app_name = "audit"
urlpatterns = [path("audit/", views.search, name="search")]
