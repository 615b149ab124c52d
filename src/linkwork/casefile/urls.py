from django.urls import path

from linkwork.casefile import views
from linkwork.casework.urls import urlpatterns as casework_pages

# The case page and closing keep their names in casework's namespace (templates, the audit
# log and bookmarks know them as casework's): the namespace is put together here, above
# the apps whose parts the two pages show.
app_name = "casework"
urlpatterns = [
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/close/", views.close, name="close"),
    *casework_pages,
]
