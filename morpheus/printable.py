"""Text a document (an invoice, a credit note) prints as it was typed, or refuses."""

import re
import unicodedata

# Letters and symbols that print nothing, which let a name of nothing visible pass (outside
# probes BL-4, BM-2): the zero-width space, word joiner and BOM, Unicode's other
# Default_Ignorable_Code_Point characters (the Hangul fillers U+115F, U+1160, U+3164,
# U+FFA0, the Mongolian vowel separator, the variation selectors, the tags) and the blank
# Braille pattern U+2800.
BLANK = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def visible(given: str) -> bool:
    """Whether `given` shows anything: a letter, digit, punctuation or symbol (not only
    spaces, combining marks or the characters `title_refused_character` refuses)."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in given)


# What a title, a customer's name or a business's name or address line may not hold: what
# turns it around on an invoice (control characters, the bidi embeddings, overrides,
# isolates and marks, line and paragraph separators: outside probes BK-1, BK-6, ES-2) and
# what prints nothing (`BLANK`: a title of nothing visible, or "Paper\u200bMoons" beside "Paper
# Moons", outside probe FB-2), but the joiners a script or an emoji needs (the zero-width
# non-joiner of Persian, the joiner of 👩‍🚀, the variation selectors; outside probe EZ-1).
REORDERING = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The zero-width joiner and non-joiner join what is drawn on both sides of them: an emoji's
# parts, a conjunct after a virama, the letters of a script that joins (Persian, Devanagari);
# a variation selector picks how the character before it is drawn (an emoji, an ideograph).
# Beside a letter of an alphabet that never joins, a space or at an end they print nothing
# (outside probes GR-6, GT-4: "my\u200dtoken" beside "mytoken", a selector after the n of
# "my token", a joiner inside a Cyrillic name).
ZERO_WIDTH_JOINERS = "\u200c\u200d"
VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f]")
NEVER_JOINED = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN", "HEBREW", "CHEROKEE")
NOT_IN_A_TITLE = ("Cc", "Cf", "Zl", "Zp")


def title_refused_character(given: str) -> str | None:
    """The first character of `given` that a title may not hold, named as Unicode names it
    ("U+202E RIGHT-TO-LEFT OVERRIDE"): staff cannot see it to take it out. Every format
    character is one (outside probe GR-6: the interlinear annotation marks, Syriac's
    abbreviation mark, the hieroglyph format controls print nothing in a name), but a
    joiner between what it joins, and a variation selector after what it selects."""
    for at, char in enumerate(given):
        before, after = given[at - 1 : at], given[at + 1 : at + 2]
        if char in ZERO_WIDTH_JOINERS:
            if not (_joinable(before) and _joinable(after)):
                return _named(char)
        elif VARIATION_SELECTORS.match(char):
            if not _joinable(before):
                return _named(char)
        elif (
            REORDERING.match(char)
            or unicodedata.category(char) in NOT_IN_A_TITLE
            or BLANK.match(char)
        ):
            return _named(char)
    return None


def _joinable(side: str) -> bool:
    """Whether `side` (a character, or "" at an end) is one a joiner or a variation selector
    can act on: not a space, nor a letter or digit of an alphabet that never joins."""
    if not side or side.isspace():
        return False
    never = side.isalnum() and unicodedata.name(side, "").startswith(NEVER_JOINED)
    return not never and not (side.isascii() and side.isalpha())


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"
