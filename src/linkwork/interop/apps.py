"""Talking the standards GP systems and national services use: FHIR R4 (UK Core) at
/fhir/, coded messages and summaries back to the practice, spreadsheets in and out.
Reads and writes the domain through its services; nothing below imports it."""

from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "linkwork.interop"
    label = "interop"

    def ready(self):
        from linkwork.interop import messages

        messages.connect()  # the practice's coded messages follow every committed change
