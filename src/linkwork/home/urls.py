from django.urls import path

from linkwork.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/link-worker/", views.home_link_worker, name="link_worker"),
    path("home/practice/", views.home_practice, name="practice"),
    path("home/host-setting/", views.home_host_setting, name="host_setting"),
    path("home/team-lead/", views.home_team_lead, name="team_lead"),
    path("home/commissioner/", views.home_commissioner, name="commissioner"),
    path("home/partner/", views.home_partner, name="partner"),
    path("home/administrator/", views.home_administrator, name="administrator"),
]
