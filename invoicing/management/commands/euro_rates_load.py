from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from invoicing.euro_rates import EuroRateRefused, euro_rates_load_ecb


class Command(BaseCommand):
    help = (
        "Record the ECB's euro reference rates from its CSV file (eurofxref.csv or "
        "eurofxref-hist.csv, unzipped) for the currencies the shop sells in."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            recorded = euro_rates_load_ecb(text=file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as unreadable:
            raise CommandError(f"{file}: {unreadable}") from None
        except EuroRateRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"{recorded} rate{'' if recorded == 1 else 's'} recorded.")
