from django.conf import settings
from django.db import models


class FhirClient(models.Model):
    """A system (a GP system, a partner's case system) that calls /fhir/.

    It acts as its own system account: a user who cannot sign in to the web (no usable
    password) holding exactly one role, practice staff at one practice or community
    partner at one directory organisation, and its bearer tokens are that user's API
    tokens (accounts/tokens.py). So accounts/authorisation.py decides what it may see and
    do, as for that role's people on the web pages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fhir_client"
    )
    name = models.CharField(max_length=100, help_text="The system, e.g. 'EMIS at Govan HC'.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
