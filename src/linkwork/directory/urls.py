from django.contrib.auth.decorators import login_not_required
from django.urls import path

from linkwork.directory.views import digest, folder, partner, search, services, suggestions

app_name = "directory"
urlpatterns = [
    path("directory/", search.search, name="search"),
    path("directory/services/new/", services.new_service, name="new_service"),
    path("directory/services/<int:pk>/", services.service_detail, name="service"),
    path("directory/services/<int:pk>/edit/", services.edit_service, name="edit_service"),
    path("directory/services/<int:pk>/capacity/", services.set_capacity, name="set_capacity"),
    path("directory/services/<int:pk>/verify/", services.verify, name="verify"),
    path("directory/to-check/", services.to_check, name="to_check"),
    path("directory/digest/", digest.digest_page, name="digest"),
    path(
        "directory/folder/<int:practice_pk>/",
        folder.local_information_folder,
        name="local_information_folder",
    ),
    path("directory/services/<int:pk>/suggest/", suggestions.suggest_change, name="suggest_change"),
    path("directory/suggestions/", suggestions.suggestions, name="suggestions"),
    path("directory/suggestions/<int:pk>/", suggestions.suggestion_detail, name="suggestion"),
    path("directory/suggestions/<int:pk>/decide/", suggestions.decide, name="decide_suggestion"),
    path("directory/unmet-needs/new/", search.record_unmet, name="record_unmet_need"),
    path("directory/invite/", partner.invite, name="invite"),
    path(
        "invitation/<uidb64>/<token>/",
        login_not_required(partner.AcceptInvite.as_view()),
        name="accept_invite",
    ),
    path("partner/services/", partner.partner_services, name="partner_services"),
]
