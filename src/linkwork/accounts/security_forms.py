"""Forms for the second sign-in step and the user's own account, in plain words."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm

from linkwork.accounts.passwords import hint
from linkwork.accounts.two_factor import normalise
from linkwork.core.forms import NHSForm

CODE_HINT = (
    "The 6-digit code your authenticator app shows for {service}. "
    "No phone to hand? Enter one of your recovery codes instead."
)


class CodeForm(NHSForm):
    code = forms.CharField(
        label="Security code",
        max_length=40,
        error_messages={
            "required": "Enter the security code from your authenticator app",
            "max_length": "Security code is too long: enter the 6 digits your app shows, "
            "or a recovery code",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "width": 10}
        ),
    )

    next = forms.CharField(widget=forms.HiddenInput, required=False)  # where to go after

    def __init__(self, *args, hint_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint_text or CODE_HINT.format(service=settings.SERVICE_NAME)

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        if not code:  # only the spaces and dashes codes are grouped with
            raise forms.ValidationError(self.fields["code"].error_messages["required"])
        return code


class NewPasswordForm(NHSForm, SetPasswordForm):
    """A new password typed twice, checked by the rules in accounts/passwords.py; any
    page that sets a password (from an invitation or a reset link) can use it."""

    error_messages = {
        "password_mismatch": "The two new passwords are different: "
        "enter the same new password in both boxes",
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, first.help_text = "New password", hint()
        first.error_messages["required"] = "Enter a new password"
        second.label, second.help_text = "New password again", ""
        second.error_messages["required"] = "Enter your new password again"

    def validate_password_for_user(self, user, password_field_name=None):
        # The rules' messages go beside the new password, not beside its repetition.
        super().validate_password_for_user(user, "new_password1")


class ChangePasswordForm(NewPasswordForm, PasswordChangeForm):
    error_messages = {
        **NewPasswordForm.error_messages,
        "password_incorrect": "Your current password is not right: "
        "enter the password you signed in with",
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        current = self.fields["old_password"]
        current.label = "Current password"
        current.error_messages["required"] = "Enter your current password"
        current.widget.attrs.pop("autofocus", None)  # the page's heading comes first

    @property
    def wrong_current_password(self) -> bool:
        return self.has_error("old_password", "password_incorrect")
