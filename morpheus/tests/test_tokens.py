import re

from morpheus import tokens
from morpheus_testing.digests import expected_digest


def test_new_tokens_carry_256_bits_after_their_prefix_and_never_repeat():
    issued = {tokens.new(prefix="mo_") for _ in range(100)}

    assert len(issued) == 100
    assert all(re.fullmatch(r"mo_[A-Za-z0-9_-]{43}", token) for token in issued)


def test_a_digest_is_an_hmac_keyed_by_the_secret_key_and_its_purpose():
    assert tokens.digest("secret", purpose="download-link") == expected_digest(
        "secret", purpose="download-link"
    )


def test_a_digest_made_for_one_purpose_never_matches_another(settings):
    link = tokens.digest("secret", purpose="download-link")

    assert link != tokens.digest("secret", purpose="api-token")
    settings.SECRET_KEY = "another key, another deployment"
    assert link != tokens.digest("secret", purpose="download-link")
