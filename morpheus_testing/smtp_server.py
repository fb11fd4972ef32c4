"""A plain SMTP server on 127.0.0.1 that a test can hold shut.

Every connection waits, before the server's greeting, until the test calls `open()`; a
client (Django's SMTP backend) stays blocked inside its send meanwhile, up to its
EMAIL_TIMEOUT.
The messages it receives are kept, raw, in `messages`.
"""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes
from email.message import Message
from types import TracebackType
from typing import Self

from morpheus_testing.servers import serve_in_thread

HOST = "127.0.0.1"


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.server.owner._connected(self)
        self.server.owner.gate.wait()
        try:
            self._converse()
        except OSError:
            return  # the client died while it waited (a killed worker)

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def _converse(self) -> None:
        self._reply("220 morpheus-test-smtp ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 morpheus-test-smtp")
            elif command == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                self.server.owner._received(self._read_data())
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self._reply("250 ok")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: GatedSmtpServer


class GatedSmtpServer:
    def __init__(self) -> None:
        self.gate = threading.Event()
        self.messages: list[bytes] = []
        self.connections = 0
        self._first_connection = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server((HOST, 0), _Session)
        self._server.owner = self
        self.port = self._server.server_address[1]

    def __enter__(self) -> Self:
        serve_in_thread(self._server)
        return self

    def __exit__(
        self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.gate.set()
        self._server.shutdown()
        self._server.server_close()

    def open(self) -> None:
        """Greet every waiting and future client."""
        self.gate.set()

    def wait_for_connection(self, timeout: float) -> bool:
        return self._first_connection.wait(timeout)

    def parsed(self) -> list[Message]:
        with self._lock:
            return [message_from_bytes(raw) for raw in self.messages]

    def _connected(self, session: _Session) -> None:
        with self._lock:
            self.connections += 1
        self._first_connection.set()

    def _received(self, raw: bytes) -> None:
        with self._lock:
            self.messages.append(raw)
