"""Reading settings from the environment, once, at start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, *, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}: {why}")
    return value


def env_percentages(name: str, default: dict[str, int]) -> dict[str, int]:
    """Parts of a whole as `part=percent` pairs ("patient=60,practice=20,community=20"):
    the same parts as `default`, each a whole number, adding up to 100."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return dict(default)
    shape = ",".join(f"{part}=NN" for part in default)
    try:
        pairs = dict(item.split("=", 1) for item in raw.replace(" ", "").split(",") if item)
        shares = {part: int(pairs.pop(part)) for part in default}
    except (KeyError, ValueError):
        raise ImproperlyConfigured(f"{name} must be {shape}; got {raw!r}") from None
    if pairs or sum(shares.values()) != 100 or min(shares.values()) < 0:
        raise ImproperlyConfigured(f"{name} must be {shape}, adding up to 100; got {raw!r}")
    return shares
