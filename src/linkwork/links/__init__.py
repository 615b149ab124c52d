"""Closed-loop onward referrals ("links"): from a case to a directory service, answered by
the organisation through the partner pages or the API, and followed up by the worker."""
