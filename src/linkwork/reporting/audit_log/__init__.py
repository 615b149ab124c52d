"""The audit log's pages: who looked at whose record, a person's access history for a
subject access request, and the CSV downloads. They name people, so they sit above the
domain with the other reports; the log itself (audit.models, audit.chain, audit.services)
stays at the bottom, where every app can write to it."""
