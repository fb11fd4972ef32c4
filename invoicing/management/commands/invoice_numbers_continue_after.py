from django.core.management.base import BaseCommand, CommandError
from django.db import ProgrammingError

from invoicing.errors import NotADocumentNumber
from invoicing.services import invoice_numbers_continue_after


class Command(BaseCommand):
    help = (
        "After a restore: each series of the numbers given (INV-2026-000123, CN-2026-000007, "
        "the highest each series issued since the backup) continues after it, so that no "
        "number the customers were sent is issued again. Run with the owner's DATABASE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("numbers", nargs="+")

    def handle(self, *args, numbers: list[str], **options):
        try:
            moves = invoice_numbers_continue_after(numbers=numbers)
        except NotADocumentNumber as refused:
            raise CommandError(str(refused)) from None
        except ProgrammingError as refused:  # permission denied: not the owner role
            raise CommandError(
                f"{refused}".strip() + ": run it with the owner's DATABASE_URL (as migrate)."
            ) from None
        for move in moves:
            if move.last_now == move.last_before:
                said = f"already at {move.last_before}: left as it is"
            else:
                said = f"continues after {move.last_now} (it was at {move.last_before})"
            self.stdout.write(f"{move.series} {move.year}: {said}.")
