"""Writes to the service directory."""

from linkwork.directory.models import Organisation


def create_organisation(*, name: str, description: str = "", email: str = "", website: str = ""):
    organisation = Organisation(name=name, description=description, email=email, website=website)
    organisation.full_clean()
    organisation.save()
    return organisation
