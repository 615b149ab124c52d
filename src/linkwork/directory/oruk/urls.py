from django.urls import path

from linkwork.directory.oruk import openapi, views

app_name = "oruk"
urlpatterns = [
    path("", views.api_info, name="info"),
    path("openapi.json", openapi.document, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service_detail, name="service"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="taxonomy_term"),
]
