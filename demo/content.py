"""Demo content: a few comics with real small files, staff (a superuser, one Support and
one Finance member) and two customers."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from backoffice.staff_groups import FINANCE, SUPPORT
from catalog.models import AssetFormat, Comic, ComicAsset
from notifications.models import EmailAddress

DEMO_PASSWORD = "morpheus-demo"  # noqa: S105 - printed for the demo's users on purpose

COMICS = [
    ("The Sleepwalker's Atlas", "A cartographer maps the city she only sees in dreams.", 499),
    ("Neon Tide", "A lighthouse keeper trades memories with the sea.", 699),
    ("Paper Moons", "Two kids fold a moon that will not stop rising.", 399),
    ("Ghost in the Margins", "Annotations start answering back.", 899),
]
SUPERUSER = "superuser"
CUSTOMER = "customer"
# (username, role): a staff group's name, SUPERUSER or CUSTOMER.
USERS = [
    ("staff", SUPERUSER),
    ("support", SUPPORT),
    ("finance", FINANCE),
    ("alice", CUSTOMER),
    ("bob", CUSTOMER),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str

    @property
    def is_staff(self) -> bool:
        return self.role != CUSTOMER


def _pdf(title: str) -> bytes:
    text = f"BT /F1 24 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (
            len(objects) + 1,
            xref,
        )
    )
    return out.getvalue()


def _cbz(title: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ComicInfo.xml", f"<ComicInfo><Title>{title}</Title></ComicInfo>")
        archive.writestr("page-001.txt", f"{title}\n\nPanel 1: a dream begins.\n")
    return buffer.getvalue()


def _attach(comic: Comic, fmt: AssetFormat, content: bytes, content_type: str) -> None:
    name = f"{comic.slug}.{fmt.value}"
    ComicAsset.objects.create(
        comic=comic,
        format=fmt,
        file=ContentFile(content, name=name),
        file_name=name,
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Idempotent: run it as often as you like."""
    from django.utils.text import slugify

    for title, description, price in COMICS:
        comic, created = Comic.objects.get_or_create(
            slug=slugify(title),
            defaults={"title": title, "description": description, "price_amount": price},
        )
        if created:
            _attach(comic, AssetFormat.PDF, _pdf(title), "application/pdf")
            _attach(comic, AssetFormat.CBZ, _cbz(title), "application/vnd.comicbook+zip")
    logins = []
    for username, role in USERS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@morpheus.example",
                "is_staff": role != CUSTOMER,
                "is_superuser": role == SUPERUSER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(*Group.objects.filter(name=role))
            EmailAddress.objects.create(user=user, email=user.email, verified_at=timezone.now())
        logins.append(DemoLogin(username, DEMO_PASSWORD, role))
    return logins
