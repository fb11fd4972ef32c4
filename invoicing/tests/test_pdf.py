import io
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pypdf import PdfReader

from invoicing.pdf import FONTS, _document_class, document_pdf
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    order_move,
)
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from promotions.services import discount_apply
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db


def test_the_invoice_pdf_holds_seller_buyer_lines_totals_and_payment(settings):
    settings.INVOICE_SELLER_VAT_ID = "IE6388047V"
    order = paid_order(499, 250)
    (invoice,) = documents(order)
    with system_scope():
        text = pdf_text(document_pdf(invoice))
    titles = [item.title for item in order.items.order_by("pk")]
    for expected in (
        f"Invoice {invoice.number}",
        f"Order {order.number}",
        f"Payment reference pi_invoice_{order.pk}",
        "Morpheus Comics Ltd",
        "VAT ID IE6388047V",
        order.email,
        *titles,
        "4.99",
        "2.50",
        "Total 7.49 EUR",
    ):
        assert expected in text, expected
    assert f"Buyer\n{order.email}\n" in text  # no account name above the address


def test_the_totals_follow_the_lines_table_without_a_gap():
    """Outside probe BA (BA-8): about 2.5 cm of blank paper lay between them."""
    order = paid_order(899, 455, 325)
    (invoice,) = documents(order)
    with system_scope():
        content = document_pdf(invoice)
    heights = {}

    def seen(text, _cm, tm, _font, _size):
        heights.setdefault(text.strip(), tm[5])

    PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=seen)
    last_line = heights[order.items.order_by("pk").last().title]
    assert last_line - heights[f"Net {invoice.net_amount / 100:.2f} EUR"] < 12 * 2.835  # 12 mm


def test_a_yen_invoice_shows_whole_yen():
    (invoice,) = documents(paid_order(500, currency="JPY"))
    with system_scope():
        text = pdf_text(document_pdf(invoice))
    assert "Total 500 JPY" in text
    assert "500.00" not in text


def test_the_credit_note_pdf_names_the_invoice_it_credits():
    order = paid_order(1000)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=400, actor="test", reason="refund"
        )
    invoice, note = documents(order)
    with system_scope():
        text = pdf_text(document_pdf(note))
    assert f"Credit note {note.number}" in text
    assert f"Credits invoice {invoice.number}" in text
    assert "Total 4.00 EUR credited" in text


def paid_order_of(customer, *titles: str):
    order = create_order(
        customer=customer,
        comics=[ComicFactory(title=title, price_amount=499) for title in titles],
        status=OrderStatus.PROCESSING,
    )
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    return order


def embedded_fonts(content: bytes) -> set[str]:
    """The fonts of the first page whose file is inside the PDF (a subset's name without
    its tag), none that a reader would take from its machine."""
    fonts = PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"].values()
    embedded = set()
    for font in (font.get_object() for font in fonts):
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]
        embedded.add(font["/BaseFont"].split("+", 1)[1])
    return embedded


def test_polish_czech_greek_and_cyrillic_titles_and_names_print_as_written():
    """Found by an outside tester: the font printed every character outside Windows-1252 as
    "?", so "Łódź" came out as "?ód?"."""
    titles = [
        "Zażółć gęślą jaźń",
        "Příliš žluťoučký kůň",
        "Όνειρα της Ελλάδας",
        "Сны над Москвой",
    ]
    customer = UserFactory(first_name="Łucja Ελένη", last_name="Dvořáková-Иванова")
    (invoice,) = documents(paid_order_of(customer, *titles))

    with system_scope():
        content = document_pdf(invoice)
    text = pdf_text(content)

    assert embedded_fonts(content) == {"DejaVuSansBook", "DejaVuSansBold"}
    assert "Buyer\nŁucja Ελένη Dvořáková-Иванова\n" in text
    for title in titles:
        assert title in text, title
    assert "?" not in text
    assert "Total 19.96 EUR" in text


def test_chinese_japanese_and_korean_titles_and_names_print_as_written():
    """Found by an outside tester: an AI-comic shop's "月の夢" bought by 김민준 printed as
    "���" and "���": DejaVu Sans has no CJK. Latin text keeps DejaVu."""
    customer = UserFactory(first_name="김민준", last_name="")
    (invoice,) = documents(paid_order_of(customer, "月の夢", "中文漫画 Vol. 2"))

    with system_scope():
        content = document_pdf(invoice)
    text = pdf_text(content)

    assert embedded_fonts(content) == {"DejaVuSansBook", "DejaVuSansBold", "DroidSansFallback"}
    assert "Buyer\n김민준\n" in text
    assert "月の夢" in text
    assert "中文漫画 Vol. 2" in text
    assert "\N{REPLACEMENT CHARACTER}" not in text
    assert "Total 9.98 EUR" in text


def test_hebrew_and_arabic_titles_and_names_read_right_to_left():
    """Outside probe ES-1: each Hebrew or Arabic word printed backwards, Arabic letters
    apart (read back in reading order only when laid out right to left)."""
    customer = UserFactory(first_name="דנה", last_name="כהן")
    (invoice,) = documents(paid_order_of(customer, "שלום עולם", "مرحبا بالعالم"))

    with system_scope():
        text = pdf_text(document_pdf(invoice))

    assert "Buyer\nדנה כהן\n" in text
    assert "שלום עולם 4.99" in text
    assert "مرحبا بالعالم 4.99" in text
    assert "Total 9.98 EUR" in text


def test_a_persian_title_with_its_zero_width_non_joiner_prints_its_words_in_order():
    """Outside probe FB-3: the non-joiner split the right-to-left run, and the invoice
    printed "خواهم کتاب می" for "کتاب می‌خواهم"."""
    title = "Volume 2: کتاب می\u200cخواهم"  # noqa: RUF001 (Persian letters, as typed)
    (invoice,) = documents(paid_order_of(UserFactory(), title))

    with system_scope():
        text = pdf_text(document_pdf(invoice))

    assert "کتاب میخواهم" in text


@pytest.mark.parametrize(
    ("title", "face"),
    [
        ("हिन्दी कॉमिक: सपनों की दुनिया", "NotoSansDevanagari"),
        ("ไทย การ์ตูน ความฝัน", "NotoSansThai"),
        ("தமிழ் கனவு", "NotoSansTamil"),
        ("𝕱𝖗𝖆𝖐𝖙𝖚𝖗 𝔐𝔞𝔱𝔥", "NotoSansMath"),  # noqa: RUF001 (Fraktur letters, as typed)
    ],
)
def test_hindi_thai_tamil_and_mathematical_titles_print_as_written(title, face):
    """Outside probe GO-4: they printed as rows of U+FFFD, the line naming nothing."""
    (invoice,) = documents(paid_order_of(UserFactory(), title))

    with system_scope():
        content = document_pdf(invoice)
    text = pdf_text(content)

    assert embedded_fonts(content) == {"DejaVuSansBook", "DejaVuSansBold", face}
    # A shaped glyph (a vowel sign, a conjunct) is read back with a control character.
    assert title in "".join(char for char in text if unicodedata.category(char) != "Cc")
    assert "\N{REPLACEMENT CHARACTER}" not in text


def test_the_buyers_lines_stand_apart_in_scripts_with_marks_above_and_below():
    """Outside probe GZ-4: a Tamil line's vowel signs below touched the next line, set as
    close as Latin lines."""
    customer = UserFactory(
        first_name="\u0ba4\u0bae\u0bbf\u0bb4\u0bcd \u0ba8\u0bbf\u0bb1\u0bc1\u0bb5\u0ba9\u0bae\u0bcd"
    )
    (invoice,) = documents(paid_order_of(customer, "Somnia"))
    with system_scope():
        content = document_pdf(invoice)
    heights = {}

    def seen(text, _cm, tm, _font, size):
        heights.setdefault(text.strip(), (tm[5], size))

    PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=seen)
    (name_at, size), (email_at, _) = (
        heights[customer.first_name.split()[0]],
        heights[customer.email],
    )
    assert name_at - email_at >= 1.3 * size


def test_a_joiner_is_set_in_the_face_of_the_run_it_joins():
    """Outside probe GZ-1: Sinhala's "ශ්‍රී" (Sri, with a zero-width joiner) printed without its
    conjunct: the joiner was set in DejaVu Sans, or in the first face that has one, and
    HarfBuzz shaped the two halves of the run apart."""
    from fpdf import FPDF

    pdf = _document_class(FPDF)()
    for face in ("NotoSansDevanagari-Regular", "NotoSansSinhala-Regular"):
        pdf.add_font(face, "", FONTS / f"{face}.ttf")
    pdf.set_fallback_fonts(["NotoSansDevanagari-Regular", "NotoSansSinhala-Regular"])

    faces = [pdf.get_fallback_font(char) for char in "\u0dc1\u0dca\u200d\u0dbb\u0dd3"]

    assert faces == ["notosanssinhala-regular"] * 5


def test_characters_no_font_has_print_as_the_replacement_character():
    """DejaVu Sans has some emoji (not 🙂), Droid Sans Fallback none: what both lack prints
    as U+FFFD, not as nothing."""
    (invoice,) = documents(paid_order_of(UserFactory(), "Ünïcødé 漫画 😀 🙂"))

    with system_scope():
        text = pdf_text(document_pdf(invoice))

    assert "Ünïcødé 漫画 😀 \N{REPLACEMENT CHARACTER}" in text
    assert "Total 4.99 EUR" in text


def test_rendering_a_document_logs_nothing_of_the_font_subsetting_at_info(log_output):
    """fontTools said ~30 lines per PDF at INFO: two thirds of a shop's log (outside probe BF-7)."""
    (invoice,) = documents(paid_order(499))
    with system_scope():
        document_pdf(invoice)
    assert "fontTools" not in log_output.getvalue()


def test_the_same_document_always_renders_the_same_file():
    (invoice,) = documents(paid_order(499))
    with system_scope():
        assert document_pdf(invoice) == document_pdf(invoice)


ELSEWHERE_NOTE = (
    "No VAT: supplied to a customer living outside the EU, the UK, Norway and Switzerland, so "
    "the place of supply is outside the EU (Article 58, Council Directive 2006/112/EC)."
)


def _invoiced_to(declared: str):
    """A paid order of a buyer who declared the country `declared`, and its invoice."""
    order = create_order(
        comics=[ComicFactory(price_amount=499)],
        declaration=BuyerDeclaration(country=declared),
        status=OrderStatus.PROCESSING,
    )
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    (invoice,) = documents(order)
    return order, invoice


@pytest.mark.parametrize(
    ("declared", "shown", "note"),
    [
        ("DE", "Germany (DE)", ""),
        ("ZZ", "Elsewhere (outside the EU, the UK, Norway and Switzerland)", ELSEWHERE_NOTE),
    ],
)
def test_the_invoice_names_the_buyers_country_and_why_a_buyer_elsewhere_pays_no_vat(
    declared, shown, note
):
    """Found by an outside probe: a buyer who declared "Elsewhere" read "Country ZZ"; then
    (outside probe AL, AL-5) their invoice gave no country and no reason for its 0 % VAT."""
    order, invoice = _invoiced_to(declared)

    with system_scope():
        text = pdf_text(document_pdf(invoice))

    buyer = text.split("Buyer", 1)[1].split(order.items.get().title, 1)[0]
    assert "Country" not in buyer and "ZZ" not in buyer
    assert shown in " ".join(buyer.split())
    assert invoice.tax_note == note
    assert (" ".join(note.split()) in " ".join(text.split())) if note else "No VAT" not in text


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        ("GB", "The lines at 0 % VAT are zero-rated in the United Kingdom (not exempt)."),
        ("CZ", "The lines at 0 % VAT are zero-rated in Czechia (not exempt)."),
        ("DE", ""),
        ("ZZ", ""),
    ],
)
def test_an_invoice_at_0_percent_below_the_standard_rate_says_it_is_zero_rated(declared, said):
    """Outside probe GU-5: a UK invoice at 0 % gave no reason, as if the VAT was forgotten
    (Germany charges 7 % on comics; Elsewhere charges none, its invoice says why)."""
    _order, invoice = _invoiced_to(declared)

    with system_scope():
        text = " ".join(pdf_text(document_pdf(invoice)).split())

    assert (said in text) if said else "zero-rated" not in text


def test_a_business_invoice_and_credit_note_name_the_business_and_its_address(settings):
    """Outside probe BJ-3: a reverse-charge invoice named only an email address, country and
    VAT ID (an EU VAT invoice names the customer and their address, Art. 226(5))."""
    settings.TAX_SELLER_COUNTRY = "IE"
    order = create_order(
        comics=[ComicFactory(price_amount=1499)],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
        status=OrderStatus.PROCESSING,
    )
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
        order_services.order_record_refunded_amount(
            order=order, refunded_total=order.total_amount, actor="test", reason="refund"
        )
    invoice, note = documents(order)

    assert order.total_amount == 1401  # 14.99 EUR less Germany's 7 % VAT: reverse charge
    for document in (invoice, note):
        assert document.buyer == {
            "name": "",
            "email": order.email,
            "country": "DE",
            "vat_id": "DE136695976",
            "business_name": "Acme GmbH",
            "billing_address": "Hauptstraße 1\n10115 Berlin",
        }
        with system_scope():
            text = pdf_text(document_pdf(document))
        assert f"Buyer\nAcme GmbH\nHauptstraße 1\n10115 Berlin\n{order.email}\n" in text


def test_a_consumer_invoice_names_no_business():
    order = create_order(
        comics=[ComicFactory(price_amount=499)],
        declaration=BuyerDeclaration(country="DE", **BUSINESS),
        status=OrderStatus.PROCESSING,
    )
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    (invoice,) = documents(order)

    assert invoice.buyer == {"name": "", "email": order.email, "country": "DE", "vat_id": ""}
    with system_scope():
        assert f"Buyer\n{order.email}\n" in pdf_text(document_pdf(invoice))


def discounted_paid_order(currency: str, prices: tuple[int, ...], declaration) -> Order:
    make_code("TENTH", percent_off=10)
    order = create_order(
        comics=[ComicFactory(price_amount=price, currency=currency) for price in prices],
        declaration=declaration,
    )
    with system_scope():
        discount_apply(order=order, code="TENTH", customer=order.customer, actor="test")
        order.refresh_from_db()
    order = order_move(order, to=OrderStatus.PROCESSING)
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    return order


def line_figures(text: str, title: str) -> list[str]:
    """The figures printed after `title` on its line of the lines table."""
    row = text.split(title, 1)[1].split("\n", 1)[0]
    return row.replace("%", "").replace(",", "").split()


GERMAN_CONSUMER = BuyerDeclaration(country="DE")
GERMAN_BUSINESS = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)


@pytest.mark.parametrize(
    ("currency", "declaration", "prices_include_tax", "units", "nets"),
    [
        # 10.70 at 7 % is 10.00 net; less 10 %, 9.63 is 9.00 net: 1.00 off the net price.
        ("EUR", GERMAN_CONSUMER, True, ["10.00", "4.66"], ["9.00", "4.20"]),
        # The same 10.00 net price a business pays by reverse charge: 1.00 off it.
        ("EUR", GERMAN_BUSINESS, True, ["10.00", "4.66"], ["9.00", "4.20"]),
        ("JPY", GERMAN_BUSINESS, True, ["1000", "466"], ["900", "420"]),
        # The VAT taken off a business price in fils is a multiple of 10, as Stripe charges.
        ("KWD", GERMAN_BUSINESS, True, ["1.000", "0.469"], ["0.910", "0.419"]),
        # Prices before VAT: the price and its discount are net already.
        ("EUR", GERMAN_CONSUMER, False, ["10.70", "4.99"], ["9.63", "4.49"]),
    ],
    ids=["consumer", "reverse charge", "reverse charge JPY", "reverse charge KWD", "VAT on top"],
)
def test_a_discounted_line_shows_its_unit_price_and_discount_exclusive_of_vat(
    settings, currency, declaration, prices_include_tax, units, nets
):
    """Outside probe BQ (BQ-6): a reverse-charge line read "(discount 2.05 off) 6.31 0.00 %
    0.00 6.31", its discount with the VAT in it and no unit price: nothing on the line added
    up. Now unit price - discount = net, net x rate = VAT and net + VAT = total."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    order = discounted_paid_order(currency, (1070, 499), declaration)
    (invoice,) = documents(order)

    with system_scope():
        text = pdf_text(document_pdf(invoice))
        titles = [item.title for item in order.items.order_by("pk")]

    assert "Unit price" in text and "Discount" in text and " off)" not in text
    places = {"JPY": 0, "KWD": 3}.get(currency, 2)
    for title, unit, net in zip(titles, units, nets, strict=True):
        figures = line_figures(text, title)
        unit_price, discount, net_shown, rate, vat, total = (Decimal(f) for f in figures)
        assert (figures[0], figures[2]) == (unit, net)
        assert unit_price - discount == net_shown
        assert (net_shown * rate / 100).quantize(Decimal(10) ** -places, ROUND_HALF_UP) == vat
        assert net_shown + vat == total
    assert sum(line["gross"] for line in invoice.lines) == order.total_amount


def test_an_invoice_issued_before_lines_carried_their_unit_price_renders_as_issued():
    """Its lines hold the discount as frozen, with the VAT in it: printed as it was, no unit
    price made up for it."""
    order = discounted_paid_order("EUR", (1070,), GERMAN_BUSINESS)
    (invoice,) = documents(order)
    invoice.lines = [
        {key: value for key, value in line.items() if key != "unit_net"} for line in invoice.lines
    ]

    with system_scope():
        text = pdf_text(document_pdf(invoice))

    assert "Unit price" not in text
    assert f"{order.items.get().title} (discount 1.07 off)" in " ".join(text.split())
    assert "Total 9.00 EUR paid" in text
