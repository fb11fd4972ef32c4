"""What the tests compare of the texts people read."""

import re

CLOCK = re.compile(r"\b[0-9]{2}:[0-9]{2} UTC\b")


def clock_hidden(text: str) -> str:
    """`text` with each time of day it names ("20:21 UTC") as "HH:MM UTC": the clock's, when
    the test ran."""
    return CLOCK.sub("HH:MM UTC", text)
