from django.core.management.base import BaseCommand, CommandError

from morpheus.jobs import jobs_waiting_with_proof


class Command(BaseCommand):
    help = (
        "How many jobs the app deferred wait to run (scheduled ones included), before a new "
        "SECRET_KEY; exits 1 while any does."
    )

    def handle(self, *args, **options) -> None:
        waiting = jobs_waiting_with_proof()
        if waiting.count:
            raise CommandError(
                f"{waiting.count} job(s) the app deferred wait to run, "
                f"the last due at {waiting.last_due.isoformat()}",
                returncode=1,
            )
        self.stdout.write("No job the app deferred waits to run.")
