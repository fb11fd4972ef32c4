from datetime import timedelta

import pytest
from django.utils import timezone

from delivery.models import DownloadLink

SOON = timedelta(hours=1)


@pytest.mark.parametrize(
    ("expires_in", "used", "left", "usable"),
    [(SOON, 2, 1, True), (SOON, 3, 0, False), (-SOON, 0, 3, False)],
    ids=["downloads left", "used up", "expired"],
)
def test_a_link_is_usable_until_it_expires_or_is_used_up(expires_in, used, left, usable):
    link = DownloadLink(
        expires_at=timezone.now() + expires_in, max_downloads=3, download_count=used
    )
    assert (link.downloads_left, link.usable) == (left, usable)
