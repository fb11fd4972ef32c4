"""Catalog events that higher apps react to (their receivers only defer jobs)."""

from django.dispatch import Signal

# Sent inside the transaction that published it, with asset_id, version, actor.
asset_version_published = Signal()
