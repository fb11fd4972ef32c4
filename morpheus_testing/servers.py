"""What the in-process test servers (localstripe, moto's S3) share."""

from types import TracebackType
from typing import Self


class InProcessServer:
    """A server started and stopped around a `with` block: subclasses define `start()`,
    which returns the server, and `stop()`."""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
