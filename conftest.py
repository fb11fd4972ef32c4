from morpheus_testing.fixtures import (  # noqa: F401
    _system_scope_in_db_tests,
    database_urls,
    django_db_setup,
)
