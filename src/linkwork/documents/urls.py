from django.urls import path

from linkwork.documents import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:pk>/documents/new/", views.attach, name="attach"),
    path("documents/<int:pk>/file/", views.download, name="download"),
]
