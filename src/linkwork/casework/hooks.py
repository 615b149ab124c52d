"""Where other apps add to casework pages without casework importing them.

outcomes depends on casework, never the reverse: outcomes registers its functions here
when Django starts (`OutcomesConfig.ready`), and casework's views call whatever is
registered. With nothing registered, casework works on its own.
"""

# (request, case) -> a URL to go to once the case is closed, or None (the case page).
after_closing: list = []

# (request, case) -> {"template": ..., **context} to include on the case page, or None.
case_page_panels: list = []


def after_closed(request, case) -> str | None:
    """The first page another app needs the worker to see once the case is closed: the
    close form itself is never held up by another app's question."""
    for check in after_closing:
        if url := check(request, case):
            return url
    return None


def panels(request, case) -> list[dict]:
    return [panel for make in case_page_panels if (panel := make(request, case))]
