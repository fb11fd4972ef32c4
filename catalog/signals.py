"""Catalog events that higher apps react to (their receivers only defer jobs)."""

from django.dispatch import Signal

# Sent inside the transaction that published it, with asset_id, version, actor.
asset_version_published = Signal()
# kwargs: customer: AbstractBaseUser, comic_id: int. A question rather than an event: a
# receiver answers True when the customer's library lists the comic (the delivery app), so
# its cover is still shown to them once it is not for sale (`selectors.comic_cover_for`).
library_lists_asked = Signal()
