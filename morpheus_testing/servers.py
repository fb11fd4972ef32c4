"""What the in-process test servers (localstripe, moto's S3, the stand-ins for VIES and a mail
server) share."""

import socketserver
import threading
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


# socketserver's serve_forever looks for a shutdown request every half second by default:
# each stand-in stopped at a test's end held that test up to 0.5 s (the VIES stand-in's 30
# tests, 13 s of the suite's worker time).
SHUTDOWN_POLL_SECONDS = 0.01


def serve_in_thread(server: socketserver.BaseServer) -> None:
    """Serve in a daemon thread that `server.shutdown()` stops within SHUTDOWN_POLL_SECONDS."""
    threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
        daemon=True,
    ).start()
