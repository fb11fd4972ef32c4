"""API token secrets: `morpheus.tokens` secrets after a recognisable prefix; only their
digest is kept, and the first characters to tell tokens apart in the account page."""

from morpheus.printable import title_refused_character, visible

PREFIX = "mo_"
PREFIX_SHOWN = 10
DIGEST_PURPOSE = "api-token"


def name_refusal(name: str) -> str:
    """Why a token cannot be named `name` ("" when it can): a character that turns text
    around or prints nothing, as in a comic's title (outside probe GO-6: a right-to-left
    override made "my appe.exe" read "my exe.eppa" in the list of tokens)."""
    if character := title_refused_character(name):
        return (
            f"The name holds {character}, an invisible character that changes how it reads "
            "or that shows nothing: type it again without it."
        )
    if not visible(name):
        return "The name shows nothing: give it words."
    return ""
