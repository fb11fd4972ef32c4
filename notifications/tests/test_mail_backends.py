import io
import re

from django.core.mail import EmailMultiAlternatives

from notifications.mail_backends import ConsoleEmailBackend, FileEmailBackend

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


def test_each_message_written_to_files_is_a_file_of_its_own(tmp_path):
    """Outside probe DQ-1: a credit note and another customer's refund email, sent one
    after the other by the worker, were written into one file."""

    def message(subject: str) -> EmailMultiAlternatives:
        return EmailMultiAlternatives(subject=subject, body="Hello", to=["a@morpheus.example"])

    FileEmailBackend(file_path=str(tmp_path)).send_messages([message("One"), message("Two")])
    for subject in ("Three", "Four"):
        FileEmailBackend(file_path=str(tmp_path)).send_messages([message(subject)])

    files = [path.read_text() for path in tmp_path.iterdir()]
    subjects = sorted(re.findall(r"^Subject: (\w+)$", text, re.M) for text in files)
    assert subjects == [["Four"], ["One"], ["Three"], ["Two"]]
