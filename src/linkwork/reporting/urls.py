from django.urls import path

from linkwork.reporting import views
from linkwork.reporting.dashboards import views as dashboards

app_name = "reporting"
urlpatterns = [
    # Under /directory/ since the page began there; its address is kept for bookmarks.
    path("directory/unmet-needs/", views.unmet_needs, name="unmet_needs"),
    path("reports/", dashboards.programme, name="programme"),
    path("reports/team/", dashboards.team, name="team"),
]
