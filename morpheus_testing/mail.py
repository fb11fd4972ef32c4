"""An email backend that fails its first `failures` sends, then behaves like locmem."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise ConnectionError("SMTP server unavailable")
        return super().send_messages(messages)
