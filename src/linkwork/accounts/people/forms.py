"""Forms of the people pages: finding people, inviting them, giving roles, and choosing a
password from an emailed link."""

from django import forms

from linkwork.accounts.authorisation import grant_scopes, grants_national_roles
from linkwork.accounts.people.services import EMAIL_IN_USE, email_in_use
from linkwork.accounts.roles import NATIONAL_ROLES, Role
from linkwork.core.forms import NHSForm, coded_choices

STATUSES = [
    ("", "Any"),
    ("active", "Active"),
    ("invited", "Invited, no password yet"),
    ("disabled", "Disabled"),
    ("locked", "Locked after failed sign-ins"),
    ("no_two_factor", "Two-factor sign-in not set up"),
]


class PeopleSearchForm(NHSForm):
    q = forms.CharField(
        label="Name, username or email",
        required=False,
        max_length=150,
        error_messages={"max_length": "Search for 150 characters or fewer"},
    )
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *Role.choices],
        error_messages={"invalid_choice": "Select the role from the options listed"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUSES,
        error_messages={"invalid_choice": "Select the status from the options listed"},
    )


def role_choices(by) -> dict[str, tuple[Role, object, str]]:
    """Every role `by` may give, at every organisation they may give it, keyed by the
    value the form sends: role, organisation (None: every HSCP) and the words shown."""
    choices = {}
    for role in Role:
        for scope in grant_scopes(by, role).order_by("name"):
            choices[f"{role}:{scope.pk}"] = (role, scope, f"{role.label}, {scope}")
        if role in NATIONAL_ROLES and grants_national_roles(by):
            choices[f"{role}:all"] = (role, None, f"{role.label}, every HSCP")
    return choices


class RoleForm(NHSForm):
    """A role and where it applies, with a job title for practice staff."""

    role_at = forms.ChoiceField(
        label="Role",
        help_text="The role and the organisation it applies to.",
        error_messages={
            "required": "Choose the role to give",
            "invalid_choice": "Choose the role to give from the options listed",
        },
    )
    job_title = forms.ChoiceField(
        label="Job title (practice staff only)",
        required=False,
        choices=[("", "Not practice staff"), *coded_choices("referrer_roles")],
        error_messages={"invalid_choice": "Choose the job title from the options listed"},
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = role_choices(by)
        self.fields["role_at"].choices = [("", "Choose a role")] + [
            (value, label) for value, (_, _, label) in self.choices.items()
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role_at"):
            cleaned["role"], cleaned["scope"], _ = self.choices[cleaned["role_at"]]
            if cleaned["role"] not in (Role.PRACTICE_STAFF, Role.HOST_SETTING_STAFF):
                cleaned["job_title"] = ""
        return cleaned

    def role_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"role": data["role"], "scope": data["scope"], "job_title": data["job_title"]}


class InviteForm(RoleForm):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their own work address: the link to choose a password goes there.",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    field_order = ["first_name", "last_name", "email", "role_at", "job_title"]

    def clean_email(self) -> str:
        return unused_email(self.cleaned_data["email"])


def unused_email(email: str) -> str:
    """An invitation's email address, refused (on the email field) if an account has it."""
    if email_in_use(email):
        raise forms.ValidationError(EMAIL_IN_USE)
    return email
