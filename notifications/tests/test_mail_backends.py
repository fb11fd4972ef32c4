import io
import re

from django.core.mail import EmailMultiAlternatives

from notifications.mail_backends import ConsoleEmailBackend

TOKEN = "Zq3" + "x" * 40


def test_console_backend_prints_the_mail_with_download_tokens_masked():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        subject="Your comics are ready",
        body=f"Download: http://127.0.0.1:8000/downloads/{TOKEN}/\n",
        to=["alice@morpheus.example"],
    )
    message.attach_alternative(f'<a href="/downloads/{TOKEN}/">Download</a>', "text/html")

    ConsoleEmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "Subject: Your comics are ready" in printed
    assert "To: alice@morpheus.example" in printed
    assert printed.count("/downloads/[redacted]/") == 2
    assert not re.search(r"/downloads/[A-Za-z0-9_-]{20,}", printed)
