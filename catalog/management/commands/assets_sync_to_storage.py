from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from catalog.models import ComicAsset
from catalog.storage import asset_storage


class Command(BaseCommand):
    help = (
        "Copy the local asset folder (ASSET_ROOT, or --source) into the asset storage set up "
        "(the S3 bucket when AWS_STORAGE_BUCKET_NAME is set), under the same names, skipping "
        "the files already there at the same size; then check that the storage holds every "
        "comic's file: exits 1 naming each one it lacks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", type=Path, help="the local asset folder to copy")
        parser.add_argument("--check", action="store_true", help="only check, copy nothing")

    def handle(self, *args, source: Path | None, check: bool, **options) -> None:
        if not check:
            self._copy(source or settings.ASSET_ROOT)
        storage = asset_storage()
        missing = [
            asset
            for asset in ComicAsset.objects.select_related("comic").order_by("pk")
            if not storage.exists(asset.file.name)
        ]
        for asset in missing:
            self.stderr.write(f"missing: {asset.file.name} ({asset})")
        if missing:
            raise CommandError(
                f"The asset storage lacks {len(missing)} comic file(s): their downloads fail.",
                returncode=1,
            )
        self.stdout.write("The asset storage holds every comic's file.")

    def _copy(self, source: Path) -> None:
        if not source.is_dir():
            raise CommandError(f"No asset folder at {source}.")
        storage = asset_storage()
        copied = kept = 0
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name = path.relative_to(source).as_posix()
            if storage.exists(name):
                if storage.size(name) == path.stat().st_size:
                    kept += 1
                    continue
                storage.delete(name)  # the storage would otherwise save it under a new name
            with path.open("rb") as file:
                storage.save(name, File(file))
            copied += 1
        self.stdout.write(f"Copied {copied} file(s); {kept} already there at the same size.")
