from django.urls import path

from linkwork.groups import views

app_name = "groups"
urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.new_group, name="new_group"),
    path("groups/<int:pk>/", views.group_page, name="group"),
    path("groups/<int:pk>/meetings/", views.add_meetings, name="add_meetings"),
    path("groups/<int:pk>/invite/", views.invite, name="invite"),
    path("groups/<int:pk>/directory/", views.list_in_directory, name="list_in_directory"),
    path("groups/meetings/<int:pk>/", views.attendance, name="attendance"),
]
