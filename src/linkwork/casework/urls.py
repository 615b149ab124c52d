from django.urls import path

from linkwork.casework import views

app_name = "casework"
urlpatterns = [
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
]
