"""linkwork: a Community Link Worker / social prescribing service."""

__version__ = "0.1.0"
