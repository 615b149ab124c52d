from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator

from linkwork.core.forms import NHSForm, in_own_words


class SignInForm(AuthenticationForm):
    use_required_attribute = False  # the NHS error summary, not the browser, reports gaps

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account cannot sign in. Ask your administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        for field in self.fields.values():  # Django's form, not an NHSForm
            in_own_words(field)


ACCESS_CHOICES = [
    ("read_only", "Read only: it can look things up but change nothing"),
    ("read_write", "Read and change: it can do everything you can"),
]


class ApiTokenForm(NHSForm):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="What will use it, so you can tell your tokens apart. "
        "For example, weekly report script.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Token name must be 100 characters or fewer",
        },
    )
    access = forms.ChoiceField(
        label="What may it do?",
        choices=ACCESS_CHOICES,
        widget=forms.RadioSelect,
        initial="read_only",
        error_messages={
            "required": "Choose what the token may do",
            "invalid_choice": "Choose what the token may do, from the options listed",
        },
    )
    days = forms.IntegerField(
        label="Days it works for",
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.API_TOKEN_DAYS  # a setting: read when the form is made
        days = self.fields["days"]
        days.initial = longest
        days.validators.append(MaxValueValidator(longest))
        days.help_text = f"From 1 to {longest}. It then stops working: create another."
        wrong = f"Enter the days it works for as a whole number from 1 to {longest}"
        days.error_messages.update(required=wrong, invalid=wrong, min_value=wrong, max_value=wrong)
