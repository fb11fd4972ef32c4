"""What the tests compare of the texts people read."""

import re
from html import unescape

CLOCK = re.compile(r"\b[0-9]{2}:[0-9]{2} UTC\b")


def clock_hidden(text: str) -> str:
    """`text` with each time of day it names ("20:21 UTC") as "HH:MM UTC": the clock's, when
    the test ran."""
    return CLOCK.sub("HH:MM UTC", text)


TAG = re.compile(r"<[^>]*>")


def page_words(page: str) -> str:
    """What a reader sees of an HTML page: its text without the tags and their attributes
    (a form's random CSRF token once held "VAT", failing a test that the page says nothing
    of VAT)."""
    return unescape(TAG.sub(" ", page))
