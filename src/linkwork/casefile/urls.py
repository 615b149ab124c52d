from django.urls import path

from linkwork.casefile import views
from linkwork.casework.urls import urlpatterns as casework_pages

# The case page, closing and the person's details keep their names in casework's namespace
# (templates, the audit log and bookmarks know them as casework's): the namespace is put
# together here, above the apps whose parts the pages show or change (the person's details
# stop the links their preferences refuse, decision 0126).
app_name = "casework"
urlpatterns = [
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/close/", views.close, name="close"),
    path("cases/<int:pk>/person/", views.edit_person, name="edit_person"),
    *casework_pages,
]
