from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from invoicing.euro_rates import (
    EuroRateRefused,
    currencies_the_ecb_leaves_out,
    documents_stating_other_rates,
    ecb_leaves_out_words,
    euro_rates_load_ecb,
    other_rates_kept_words,
)


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
        count = len(recorded)
        self.stdout.write(f"{count} rate{'' if count == 1 else 's'} recorded.")
        if words := other_rates_kept_words(documents_stating_other_rates(rates=recorded)):
            self.stdout.write(words)
        if left_out := currencies_the_ecb_leaves_out():
            self.stdout.write(ecb_leaves_out_words(left_out))
