"""Times for tests that travel (time_machine). PostgreSQL bounds the app's clock by its own
(`morpheus/0007`: a session never loads once the database's clock says it expired, a
throttle's window never opens later than now), so a test travels to a recent past: a fixed
date would expire its sessions two weeks after it was written."""

from datetime import UTC, datetime, timedelta

YESTERDAY_NOON = (datetime.now(UTC) - timedelta(days=1)).replace(
    hour=12, minute=0, second=0, microsecond=0
)
