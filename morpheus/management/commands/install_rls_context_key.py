"""Deploy step, run with the tables' owner's DATABASE_URL: store the app's row-level security
context key (RLS_CONTEXT_KEY, or derived from SECRET_KEY) where the database's verifier reads
it. Run it after `migrate` and whenever the key changes; the app role cannot read it back."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from morpheus.db_context import install_context_key


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            install_context_key(cursor)
        self.stdout.write("Row-level security context key installed.")
