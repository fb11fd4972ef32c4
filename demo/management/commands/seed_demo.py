from django.core.management.base import BaseCommand

from demo.content import seed_demo
from morpheus.db_context import system_scope


class Command(BaseCommand):
    help = "Load demo comics (with small real files), staff users and two customers."

    def handle(self, *args, **options):
        with system_scope():
            logins = seed_demo()
        self.stdout.write("Demo logins:")
        for login in logins:
            role = f"staff: {login.role} (admin at /admin/)" if login.is_staff else "customer"
            self.stdout.write(f"  {login.username} / {login.password}  - {role}")
