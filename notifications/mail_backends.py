"""A console email backend whose output may end up in the server log: download tokens,
keys and client secrets are masked, as in every log line (morpheus.observability)."""

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

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
