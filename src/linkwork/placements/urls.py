from django.urls import path

from linkwork.placements import views

app_name = "placements"
urlpatterns = [
    path("practices/relationships/", views.practices_overview, name="overview"),
    path("practices/<str:code>/relationship/", views.relationship, name="relationship"),
    path(
        "practices/<str:code>/relationship/edit/",
        views.edit_relationship,
        name="edit_relationship",
    ),
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/new/", views.new_concern, name="new_concern"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("concerns/<int:pk>/close/", views.close_concern, name="close_concern"),
]
