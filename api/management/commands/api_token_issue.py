from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.services import TokenNameRefused, api_token_issue
from morpheus.db_context import system_scope


class Command(BaseCommand):
    help = (
        "Issue an API token for a customer and print its secret (shown only this once; "
        "customers make their own at /api/account/tokens/)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what will use the token")

    def handle(self, *args, username: str, name: str, **options) -> None:
        with system_scope():
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {username!r}.")
            try:
                self.stdout.write(api_token_issue(user=user, name=name).secret)
            except TokenNameRefused as refused:
                raise CommandError(str(refused)) from None
