from django.contrib import admin
from django.urls import include, path

from linkwork.config.api import api


def _api_urls():
    """The API authenticates itself (401 with JSON), so the sign-in redirect must not apply."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace


urlpatterns = [
    path("", include("linkwork.core.urls")),
    path("", include("linkwork.home.urls")),
    path("", include("linkwork.accounts.urls")),
    path("", include("linkwork.casefile.urls")),
    path("", include("linkwork.referrals.urls")),
    path("", include("linkwork.outcomes.urls")),
    path("", include("linkwork.reporting.audit_log.urls")),
    path("", include("linkwork.directory.urls")),
    path("", include("linkwork.links.urls")),
    path("", include("linkwork.groups.urls")),
    path("", include("linkwork.team.urls")),
    path("", include("linkwork.activity.urls")),
    path("", include("linkwork.reporting.urls")),
    path("", include("linkwork.organisations.urls")),
    path("", include("linkwork.placements.urls")),
    path("", include("linkwork.documents.urls")),
    path("", include("linkwork.privacy.urls")),
    path("api/v1/", _api_urls()),
    path("api/oruk/", include("linkwork.directory.oruk.urls")),
    path("", include("linkwork.interop.page_urls")),
    path("", include("linkwork.surveys.urls")),
    path("fhir/", include("linkwork.interop.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "linkwork.core.views.bad_request"
handler403 = "linkwork.core.views.forbidden"
handler404 = "linkwork.core.views.not_found"
handler500 = "linkwork.core.views.server_error"
