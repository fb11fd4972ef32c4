"""Development mail backends. The console's output may end up in the server log: download
tokens, keys and client secrets are masked, as in every log line (morpheus.observability).
Written to files, each message is a file of its own."""

from collections.abc import Sequence
from uuid import uuid4

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as DjangoFileBackend
from django.utils import timezone

from morpheus.observability import redact


def _readable(message: EmailMessage) -> str:
    """Headers and each text part decoded: masking must see the links as written, not
    cut by a transfer encoding."""
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
        f"Subject: {message.subject}",
        "",
        message.body,
    ]
    for content, mimetype in getattr(message, "alternatives", []):
        lines += ["", f"[{mimetype}]", str(content)]
    return "\n".join(lines)


class ConsoleEmailBackend(DjangoConsoleBackend):
    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(f"{redact(_readable(message))}\n{'-' * 79}\n")


class FileEmailBackend(DjangoFileBackend):
    """One file per message. Django's writes all the messages of a connection into one
    file, named by the second and the backend's address, which Python reuses: outside
    probe DQ-1 found a credit note and another customer's refund email in one file."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return sum(self._send_one(message) for message in email_messages)

    def _send_one(self, message: EmailMessage) -> int:
        self.close()
        self._fname = None
        return super().send_messages([message])

    def _get_filename(self) -> str:
        if self._fname is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            self._fname = f"{self.file_path}/{stamp}-{uuid4().hex[:12]}.log"
        return self._fname
