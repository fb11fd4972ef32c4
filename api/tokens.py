"""API token secrets: `morpheus.tokens` secrets after a recognisable prefix; only their
digest is kept, and the first characters to tell tokens apart in the account page."""

PREFIX = "mo_"
PREFIX_SHOWN = 10
DIGEST_PURPOSE = "api-token"
