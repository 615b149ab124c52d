from django.urls import path

from linkwork.links.views import links, lists, partner

app_name = "links"
urlpatterns = [
    path("cases/<int:case_pk>/refer/<int:service_pk>/", links.refer, name="refer"),
    path("cases/<int:case_pk>/signpost/<int:service_pk>/", links.signpost, name="signpost"),
    path("links/", lists.onward_links, name="links"),
    path("links/<int:pk>/", links.link_detail, name="link"),
    path("links/<int:pk>/step/", links.link_step, name="link_step"),
    path("links/<int:pk>/support/", links.link_support, name="link_support"),
    path("links/<int:pk>/chased/", links.chased, name="chased"),
    path("links/<int:pk>/follow-up/", links.follow_up, name="follow_up"),
    path("partner/referrals/", partner.partner_links, name="partner_links"),
    path("partner/referrals/<int:pk>/", partner.partner_link, name="partner_link"),
]
