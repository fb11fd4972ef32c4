"""Typed readers for environment variables; settings.py is their only caller."""

import os
import re
from datetime import timedelta
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

# PostgreSQL's integer: the counts and sizes read here are stored in or compared with its
# columns, and a larger one is no limit at all.
INT_MAX = 2**31 - 1
# A period is added to dates (a link's expiry, a retention's cut-off): ten years is beyond any
# shop's need and far from the calendar's end.
TEN_YEARS = timedelta(days=3650)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_text(name: str, default: str) -> str:
    """A text that cannot be empty: an invoice series, printed on every document."""
    value = os.environ.get(name, default).strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must not be empty.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int, maximum: int = INT_MAX) -> int:
    """An integer within its bounds: a count, size or period out of them (no downloads, a
    timeout of 0, a negative page size) breaks the shop quietly instead of stopping it."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}.")
    if value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {raw!r}.")
    return value


def env_period(name: str, default: int, *, unit: str, minimum: int = 1) -> int:
    """A number of `unit`s ("seconds", "minutes", "hours", "days"), at most ten years."""
    return env_int(name, default, minimum=minimum, maximum=TEN_YEARS // timedelta(**{unit: 1}))


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, in any case, spelled as there."""
    raw = os.environ.get(name) or default
    for choice in choices:
        if raw.strip().casefold() == choice.casefold():
            return choice
    raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}.")


def env_float(name: str, default: float, *, maximum: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}.") from exc
    if not value > 0:
        raise ImproperlyConfigured(f"{name} must be more than 0, got {raw!r}.")
    if value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum:g}, got {raw!r}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


class Rate(NamedTuple):
    """At most `limit` requests per window of `seconds`."""

    limit: int
    seconds: int

    def period(self) -> str:
        """The window in words, to tell people what was counted: "hour", "15 minutes"."""
        unit = next(u for u in ("d", "h", "m", "s") if self.seconds % _UNIT_SECONDS[u] == 0)
        count, name = self.seconds // _UNIT_SECONDS[unit], _UNIT_NAMES[unit]
        return f"{count} {name}s" if count > 1 else name

    def per_period(self) -> str:
        """The window in words, to tell people the limit: "an hour", "every 15 minutes"."""
        period = self.period()
        if period[0].isdigit():
            return f"every {period}"
        return f"an {period}" if period == "hour" else f"a {period}"


_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_UNIT_NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def env_rate(name: str, default: str) -> Rate:
    """A rate such as `10/15m` (10 per 15 minutes) or `30/h`; units s, m, h, d."""
    raw = os.environ.get(name) or default
    match = _RATE.match(raw)
    if match is None or int(match[2] or 1) == 0:
        raise ImproperlyConfigured(f"{name} must look like 10/15m (count/period), got {raw!r}.")
    limit, seconds = int(match[1]), int(match[2] or 1) * _UNIT_SECONDS[match[3]]
    if limit == 0:  # every request refused: every sign-in, every checkout
        raise ImproperlyConfigured(f"{name} must allow at least 1 request, got {raw!r}.")
    if limit > INT_MAX:
        raise ImproperlyConfigured(f"{name} must allow at most {INT_MAX} requests, got {raw!r}.")
    if seconds > TEN_YEARS.total_seconds():
        raise ImproperlyConfigured(f"{name} must count over at most 3650d, got {raw!r}.")
    return Rate(limit=limit, seconds=seconds)
