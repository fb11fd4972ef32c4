from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from invoicing import pdf
from invoicing.pdf import document_pdf
from invoicing.tests.helpers import documents
from invoicing.tests.test_pdf import paid_order_of
from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _read_by_fpdf2(document, face, style, path):
    document.add_font(face, style, path)


@pytest.mark.parametrize(
    "title",
    [
        "Paper Moons",
        "Księżyce 漫画 😀",  # Droid Sans Fallback beside DejaVu Sans
        "श्री चाँद and ශ්‍රී",  # two script faces, shaped by HarfBuzz, with a joiner
        "ירח של נייר",  # right to left
    ],
)
def test_a_document_renders_to_the_same_file_as_with_each_face_read_for_it(title, monkeypatch):
    (invoice,) = documents(paid_order_of(UserFactory(), title))
    with system_scope():
        twice = [document_pdf(invoice), document_pdf(invoice)]
        monkeypatch.setattr(pdf, "add_face", _read_by_fpdf2)
        read_for_it = document_pdf(invoice)

    assert twice == [read_for_it, read_for_it]


@pytest.mark.django_db(transaction=True)
def test_documents_rendered_at_once_in_threads_are_the_files_rendered_one_by_one():
    """The job worker renders documents in threads, which share each face read."""
    titles = ["Paper Moons", "Księżyce 漫画", "श्री चाँद", "ירח של נייר"]
    invoices = [documents(paid_order_of(UserFactory(), title))[0] for title in titles]

    def rendered(invoice) -> bytes:
        try:
            with system_scope():
                return document_pdf(invoice)
        finally:
            connection.close()

    one_by_one = [rendered(invoice) for invoice in invoices]
    with ThreadPoolExecutor(max_workers=4) as threads:
        at_once = list(threads.map(rendered, invoices * 2))

    assert at_once == one_by_one * 2
