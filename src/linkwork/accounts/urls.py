from django.contrib.auth.decorators import login_not_required
from django.urls import path

from linkwork.accounts import security_views, views
from linkwork.accounts.people import views as people

app_name = "accounts"
urlpatterns = [
    path("sign-in/", login_not_required(views.SignInView.as_view()), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("sign-in/code/", security_views.enter_code, name="two_factor_code"),
    path("account/", security_views.account, name="account"),
    path("account/still-here/", views.still_here, name="still_here"),
    path("account/password/", security_views.change_password, name="change_password"),
    path("account/two-factor/", security_views.set_up, name="two_factor_set_up"),
    path(
        "account/two-factor/recovery-codes/",
        security_views.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        security_views.new_recovery_codes,
        name="new_recovery_codes",
    ),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path(
        "account/set-password/<uidb64>/<token>/",
        login_not_required(people.ChoosePassword.as_view()),
        name="set_password",
    ),
    path("people/", people.people, name="people"),
    path("people/invite/", people.invite, name="invite_person"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/roles/", people.grant_role, name="grant_role"),
    path("people/<int:pk>/roles/<int:role_pk>/remove/", people.remove_role, name="remove_role"),
    path("people/<int:pk>/disable/", people.disable, name="disable_person"),
    path("people/<int:pk>/enable/", people.enable, name="enable_person"),
    path("people/<int:pk>/unlock/", people.unlock, name="unlock_person"),
    path("people/<int:pk>/reset-two-factor/", people.reset_two_factor, name="reset_two_factor"),
    path("people/<int:pk>/password-link/", people.send_password_link, name="send_password_link"),
    path(
        "people/<int:pk>/api-tokens/<int:token_pk>/revoke/",
        people.revoke_person_token,
        name="revoke_person_token",
    ),
]
