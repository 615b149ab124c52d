from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from linkwork.accounts.roles import NATIONAL_ROLES, ROLE_SCOPE_FIELD, Role
from linkwork.core.codelists import codelist


class User(AbstractUser):
    is_demo = models.BooleanField(
        default=False,
        help_text="A demo account with a published password: it can sign in only in demo mode.",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """One role a user holds, scoped to the organisation it applies to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    hscp = models.ForeignKey(
        "organisations.HSCP", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    practice = models.ForeignKey(
        "organisations.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_setting = models.ForeignKey(
        "organisations.HostSetting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider = models.ForeignKey(
        "organisations.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    community_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_title = models.CharField(
        max_length=40,
        blank=True,
        choices=codelist("referrer_roles").choices(),
        help_text="For practice (or host setting) staff: GP, practice nurse, receptionist...",
    )

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "user",
                    "role",
                    "hscp",
                    "practice",
                    "host_setting",
                    "provider",
                    "community_organisation",
                ],
                name="role_assignment_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.scope or 'all HSCPs'}"

    @property
    def scope(self):
        return getattr(self, ROLE_SCOPE_FIELD[Role(self.role)])

    @property
    def scope_hscp_id(self) -> int | None:
        """The HSCP this assignment sits in, where it sits in one."""
        if self.practice_id:
            return self.practice.cluster.hscp_id
        if self.host_setting_id:
            return self.host_setting.hscp_id
        if self.provider_id:
            return self.provider.hscp_id
        if self.community_organisation_id:
            return self.community_organisation.hscp_id
        return self.hscp_id

    def clean(self) -> None:
        role = Role(self.role)
        needed = ROLE_SCOPE_FIELD[role]
        scope_fields = {"hscp", "practice", "host_setting", "provider", "community_organisation"}
        errors = {
            name: f"A {role.label.lower()} role is not scoped by {name.replace('_', ' ')}."
            for name in scope_fields - {needed}
            if getattr(self, f"{name}_id")
        }
        if getattr(self, f"{needed}_id") is None and role not in NATIONAL_ROLES:
            errors[needed] = f"Choose the {needed.replace('_', ' ')} this role applies to."
        if errors:
            raise ValidationError(errors)


class ApiToken(models.Model):
    """A bearer token for the HTTP API. Only the SHA-256 hash of the token is kept: the
    token itself is shown once, when issued, and cannot be recovered."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for.")
    # The token's first characters: not secret, shown in lists and used to find the hash.
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="The token stops working at this moment.")
    read_only = models.BooleanField(
        default=False, help_text="Only reads (GET, HEAD, OPTIONS); any other request is refused."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
