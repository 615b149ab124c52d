from django.urls import path

from linkwork.referrals import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new/", views.new_referral, name="new"),
    path("referrals/record/", views.record_referral, name="record"),
    path("referrals/check-chi/", views.check_chi_typed, name="check_chi"),
    path("referrals/queue/", views.queue, name="queue"),
    path("referrals/<int:pk>/", views.referral_detail, name="detail"),
    path("referrals/<int:pk>/accept/", views.accept, name="accept"),
    path("referrals/<int:pk>/decline/", views.decline, name="decline"),
    path("referrals/<int:pk>/duplicate/", views.duplicate, name="duplicate"),
    path("referrals/<int:pk>/verify/", views.verify, name="verify"),
    path("referrals/<int:pk>/not-our-patient/", views.not_our_patient, name="not_our_patient"),
    path("refer-yourself/", views.self_referral, name="self_referral"),
    path("practices/<int:practice_pk>/intake/", views.intake, name="intake"),
    path("slots/", views.slots, name="slots"),
    path("slots/<int:pk>/withdraw/", views.withdraw_slot, name="withdraw_slot"),
]
