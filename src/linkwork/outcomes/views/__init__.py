"""Outcome pages: thin views that load the case through the authorisation module, call
`services`/`links` and render. entry.py (take a questionnaire), links.py (single-use
links), closure.py (the exit prompt), goals.py, stories.py."""
