"""dj-stripe's schema in one migration for the test databases: `python -m
morpheus_testing.djstripe_schema` rewrites it after a dj-stripe upgrade (the test in
tests/test_harness.py says when it is due). Production and `make prod-check` /
`make upgrade-check` keep running dj-stripe's own migrations."""

import os
import subprocess
import sys
from pathlib import Path

MODULE = "morpheus_testing.migrations.djstripe"
NAME = "0001_squashed_0003_2_11"
REPLACES = [("djstripe", "0001_initial"), ("djstripe", "0002_2_10"), ("djstripe", "0003_2_11")]
PATH = Path(__file__).resolve().parent / "migrations" / "djstripe" / f"{NAME}.py"
HEADER = '''"""dj-stripe 2.11's schema in one step, for the test databases only (see
`morpheus_testing.fixtures.migrated_template`): its own three migrations spend ~35 s re-rendering
model states for 514 field removals. Written by `python -m morpheus_testing.djstripe_schema`."""
'''


def djstripe_state(migration_module: str | None):
    """The project state dj-stripe's migrations end in: its own (None) or the module's."""
    from django.db.migrations.loader import MigrationLoader
    from django.test import override_settings

    modules = {} if migration_module is None else {"djstripe": migration_module}
    with override_settings(MIGRATION_MODULES=modules):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    leaf = loader.graph.leaf_nodes("djstripe")
    return loader.project_state(leaf, at_end=True)


def squashed_migration():
    """dj-stripe's final state as one migration replacing its own."""
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.graph import MigrationGraph
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState

    detector = MigrationAutodetector(
        ProjectState(),
        djstripe_state(None),
        NonInteractiveMigrationQuestioner(specified_apps={"djstripe"}),
    )
    changes = detector.changes(
        graph=MigrationGraph(), trim_to_apps={"djstripe"}, convert_apps={"djstripe"}
    )
    (migration,) = changes["djstripe"]
    migration.replaces = REPLACES
    return migration


def main() -> None:
    import django
    from django.db.migrations.writer import MigrationWriter

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
    django.setup()
    text = MigrationWriter(squashed_migration()).as_string()
    PATH.write_text(HEADER + text.split("\n", 1)[1])
    for ruff in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *ruff, str(PATH)], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
