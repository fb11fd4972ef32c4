"""`python -m morpheus_testing.template`: builds the migrated template database the test
databases are copied from (see `morpheus_testing.fixtures.migrated_template`), on the server
of MORPHEUS_TEST_ADMIN_URL. The controller of an xdist run starts it before its workers."""

import os

import django

from morpheus_testing.embedded_db import Roles
from morpheus_testing.fixtures import migrated_template  # sets the test environment too


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
    django.setup()
    migrated_template(os.environ["MORPHEUS_TEST_ADMIN_URL"], Roles())


if __name__ == "__main__":
    main()
