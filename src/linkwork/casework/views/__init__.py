"""Casework pages: thin views that load through the authorisation module, call services
and render. See cases.py, sessions.py and plans.py."""
