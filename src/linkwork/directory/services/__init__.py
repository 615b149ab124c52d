"""Writes to the directory and unmet needs. Views, the API, commands, imports and
tests all come through here; each write is one transaction with an audit event."""

from linkwork.directory.services.records import (
    LocationDetails,
    WeeklyHours,
    add_location,
    create_organisation,
    create_service,
    set_capacity,
    update_organisation,
    update_service,
    verify_service,
)

__all__ = [
    "LocationDetails",
    "WeeklyHours",
    "add_location",
    "create_organisation",
    "create_service",
    "set_capacity",
    "update_organisation",
    "update_service",
    "verify_service",
]
