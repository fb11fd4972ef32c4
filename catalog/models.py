from django.core.validators import FileExtensionValidator
from django.db import models

from catalog.storage import asset_storage
from morpheus.models import currency_supported
from morpheus.money import CURRENCY_CHOICES

# Raster images only, each served as its type: an SVG could carry scripts.
COVER_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


class Comic(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    cover = models.ImageField(
        upload_to="covers/",
        blank=True,
        validators=[FileExtensionValidator(allowed_extensions=list(COVER_TYPES))],
        help_text="A PNG, JPEG, GIF or WebP image.",
    )
    price_amount = models.PositiveIntegerField(
        help_text="Price in the currency's minor units (cents; yen have none)."
    )
    currency = models.CharField(max_length=3, default="EUR", choices=CURRENCY_CHOICES)
    is_active = models.BooleanField(default=True)
    stamp_downloads = models.BooleanField(
        default=True,
        help_text="Each buyer downloads a copy stamped with their email and order number.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            currency_supported("comic_currency_supported"),
        ]

    def __str__(self) -> str:
        return self.title


class AssetFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CBZ = "cbz", "CBZ"
    EPUB = "epub", "EPUB"


class ComicAsset(models.Model):
    """A downloadable file of a comic, kept in private storage."""

    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="assets")
    file = models.FileField(upload_to="comics/", storage=asset_storage)
    file_name = models.CharField(max_length=255, help_text="Name the customer's file gets.")
    format = models.CharField(max_length=8, choices=AssetFormat.choices)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up by one each time staff upload a new file."
    )
    version_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comic", "format"], name="one_asset_per_format"),
        ]

    def __str__(self) -> str:
        return f"{self.comic} ({self.get_format_display()})"
