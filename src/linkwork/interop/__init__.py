"""Talking the standards GP systems and national services use: FHIR R4 (UK Core) at
/fhir/, coded messages and summaries back to the practice, spreadsheets in and out.
Reads and writes the domain through its services; nothing below imports it."""
