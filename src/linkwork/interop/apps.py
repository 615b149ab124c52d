"""Talking the standards GP systems and national services use: FHIR R4 (UK Core) at
/fhir/, coded messages and summaries back to the practice, spreadsheets in and out.
Reads and writes the domain through its services; nothing below imports it."""

from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "linkwork.interop"
    label = "interop"

    def ready(self):
        from linkwork.core.recording import record_changed

        # The practice's coded messages follow every committed change. The receiver loads
        # messages (and reporting, whose settings it reads) when first called, not here:
        # `linkwork --help` loads the apps even where the settings cannot load.
        record_changed.connect(_records_changed, dispatch_uid="interop-gp-messages")


def _records_changed(sender, records, **kwargs) -> None:
    from linkwork.interop import messages

    messages.records_changed(sender, records, **kwargs)
