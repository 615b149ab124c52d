import pytest


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what waits for the commit (emails), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
