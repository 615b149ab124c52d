from django.urls import path

from linkwork.reporting import (
    mcd_views,
    partner_views,
    practice_views,
    summary_views,
    views,
    workload,
)
from linkwork.reporting.dashboards import views as dashboards

app_name = "reporting"
urlpatterns = [
    # Under /directory/ since the page began there; its address is kept for bookmarks.
    path("directory/unmet-needs/", views.unmet_needs, name="unmet_needs"),
    path("reports/", dashboards.programme, name="programme"),
    path("reports/team/", dashboards.team, name="team"),
    path("reports/team/workload/", workload.workload, name="workload"),
    path("reports/development/", views.development_requests, name="development_requests"),
    path(
        "reports/minimum-core-dataset/",
        mcd_views.minimum_core_dataset,
        name="minimum_core_dataset",
    ),
    path("referrals/outcomes/", practice_views.practice_outcomes, name="practice_outcomes"),
    path("referrals/<int:pk>/outcome/", practice_views.referral_outcome, name="referral_outcome"),
    path("partner/reports/referrals/", partner_views.partner_referrals, name="partner_referrals"),
    path("reports/summary/", summary_views.summary_page, name="programme_summary"),
    path("reports/summary/pdf/", summary_views.summary_pdf, name="programme_summary_pdf"),
]
