"""The service directory (Open Referral UK / HSDS). The directory issue builds it out;
the foundation needs its organisations, because community partners belong to one."""

from django.db import models


class Organisation(models.Model):
    """An HSDS organization: a community, third-sector or statutory body offering services."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True, help_text="A shared mailbox, not a person's address.")
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
