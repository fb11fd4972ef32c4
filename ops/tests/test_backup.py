import json
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from morpheus_testing.devserver import shop_presence
from morpheus_testing.factories import ComicAssetFactory, PaymentFactory, create_order
from ops import backup as backup_module
from ops.backup import DUMP, MANIFEST, Target, backup, fingerprint, main, restore
from orders.transitions import OrderStatus
from payments.models import PaymentStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _shop_in_every_status():
    assets = [ComicAssetFactory() for _ in range(3)]
    for index, status in enumerate(OrderStatus.values):
        order = create_order(comics=[assets[index % 3].comic], status=status)
        PaymentFactory(
            order=order,
            stripe_payment_intent_id=f"pi_backup_drill_{order.pk}",
            status=PaymentStatus.SUCCEEDED,
        )


def _rows(url: str) -> dict[str, bytes]:
    """Every table of the public schema, as COPY writes it, in a stable order."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return {table: _copy(conn, table) for table in tables}


def _copy(conn: psycopg.Connection, table: str) -> bytes:
    query = sql.SQL("COPY (SELECT * FROM {t} ORDER BY {t}::text) TO STDOUT").format(
        t=sql.Identifier(table)
    )
    with conn.cursor().copy(query) as copy:
        return b"".join(bytes(chunk) for chunk in copy)


def _security(url: str) -> dict[str, list]:
    """Row-level security switches, policies and the app role's grants."""
    queries = {
        "rls": "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
        " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname",
        "policies": "SELECT tablename, policyname, roles::text, cmd, qual, with_check"
        " FROM pg_policies ORDER BY tablename, policyname",
        "grants": "SELECT table_name, grantee, privilege_type"
        " FROM information_schema.role_table_grants WHERE table_schema = 'public' ORDER BY 1, 2, 3",
        "owners": "SELECT tablename, tableowner FROM pg_tables"
        " WHERE schemaname = 'public' ORDER BY 1",
    }
    with psycopg.connect(url) as conn:
        return {name: conn.execute(query).fetchall() for name, query in queries.items()}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def _modes(folder: Path) -> dict[str, str]:
    return {
        str(
            path
        ): f"{'folder' if path.is_dir() else 'file'} {oct(stat.S_IMODE(path.stat().st_mode))}"
        for path in [folder, *folder.rglob("*")]
    }


def _shop(database_urls, assets_dir: Path) -> Target:
    """The test database as `make backup` sees it: through a superuser, with its SECRET_KEY."""
    return Target(
        database_urls["admin"],
        urlsplit(database_urls["owner"]).path.lstrip("/"),
        assets_dir,
        settings.SECRET_KEY,
    )


@pytest.fixture
def restored_database(database_urls):
    name = f"{urlsplit(database_urls['owner']).path.lstrip('/')}_restored"
    yield name
    with psycopg.connect(database_urls["admin"], autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def test_backup_wipe_restore_gives_back_the_same_orders_history_payments_and_files(
    database_urls, restored_database, tmp_path
):
    _shop_in_every_status()
    assets_dir = Path(settings.ASSET_ROOT)
    source = _shop(database_urls, assets_dir)
    rows, security, files = _rows(source.url), _security(source.url), _files(assets_dir)
    assert {"orders_order", "orders_orderevent", "payments_payment"} <= {
        t for t, data in rows.items() if data
    }
    assert files

    folder = backup(source, tmp_path / "backups")
    shutil.rmtree(assets_dir)
    restored = replace(source, database=restored_database)
    restore(folder, restored)

    assert _rows(restored.url) == rows
    assert _security(restored.url) == security
    assert _files(assets_dir) == files
    # as the storage writes them: the web server's group may read them (probe AU-3)
    assert set(_modes(assets_dir).values()) == {"folder 0o750", "file 0o640"}


def test_restored_database_hides_rows_without_a_signed_context_and_keeps_its_key(
    database_urls, restored_database, tmp_path
):
    create_order(status=OrderStatus.PAID)
    source = _shop(database_urls, tmp_path / "assets")
    restore(
        backup(source, tmp_path / "backups"),
        replace(source, database=restored_database),
    )

    app_url = urlsplit(database_urls["app"])._replace(path=f"/{restored_database}").geturl()
    with psycopg.connect(app_url) as conn:
        assert conn.execute("SELECT count(*) FROM orders_order").fetchone() == (0,)
        conn.execute("SELECT set_config('morpheus.scope', 'system', true)")
        assert conn.execute("SELECT count(*) FROM orders_order").fetchone() == (0,)
    # The signing key came back with the data: a context signed with it sees the order.
    owner_url = urlsplit(database_urls["owner"])._replace(path=f"/{restored_database}").geturl()
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "SELECT set_config('morpheus.context', morpheus_sign_context('system', NULL), true)"
        )
        assert conn.execute("SELECT count(*) FROM orders_order").fetchone() == (1,)


def test_a_damaged_backup_is_refused_before_anything_is_dropped(
    database_urls, restored_database, tmp_path
):
    source = _shop(database_urls, tmp_path / "assets")
    folder = backup(source, tmp_path / "backups")
    with (folder / DUMP).open("ab") as dump:
        dump.write(b"bit rot")
    assert json.loads((folder / MANIFEST).read_text())["database"] == source.database

    with pytest.raises(SystemExit, match="does not match the manifest"):
        restore(folder, replace(source, database=restored_database))
    with psycopg.connect(database_urls["admin"]) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [restored_database]
        ).fetchone()
    assert found is None


def test_a_backup_is_readable_by_the_user_who_made_it_alone_whatever_the_umask(
    database_urls, tmp_path
):
    """Outside probe AT (AT-1): with the usual umask 022 every local user could read the dump:
    sessions, password hashes, the row-level security key, Stripe's keys, the paid files."""
    create_order(status=OrderStatus.PAID)
    source = _shop(database_urls, Path(settings.ASSET_ROOT))
    (tmp_path / "backups").mkdir(mode=0o755)
    previous = os.umask(0o022)
    try:
        folder = backup(source, tmp_path / "backups")
        umask_after = os.umask(0o022)
    finally:
        os.umask(previous)

    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()}
    assert modes == {name: 0o600 for name in (DUMP, "roles.sql", "assets.tar.gz", MANIFEST)}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    assert umask_after == 0o022  # the process's own umask is back


def _with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username}:{password}@{host}").geturl()


def test_a_backup_with_the_owners_url_says_it_needs_a_superusers_and_leaves_nothing(
    database_urls, tmp_path, capfd
):
    """Outside probe AT (AT-11): the owner's URL (the one migrations use) got a traceback
    showing the URL with its password, and a truncated dump in a folder without a manifest."""
    owner = urlsplit(database_urls["owner"])
    source = replace(
        _shop(database_urls, tmp_path / "assets"),
        admin_url=owner._replace(path="/postgres").geturl(),
    )

    with pytest.raises(SystemExit, match="DATABASE_URL must be a superuser's") as refused:
        backup(source, tmp_path / "backups")

    assert owner.password not in str(refused.value) + "".join(capfd.readouterr())
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_a_backup_that_fails_leaves_no_folder_and_does_not_show_the_password(
    database_urls, tmp_path, capfd
):
    source = replace(
        _shop(database_urls, tmp_path / "assets"),
        admin_url=_with_password(database_urls["admin"], "never-shown-pw"),
        database="no_such_database",
    )
    (tmp_path / "backups").mkdir()

    with pytest.raises(SystemExit, match="pg_dump failed") as failed:
        backup(source, tmp_path / "backups")

    assert "never-shown-pw" not in str(failed.value) + "".join(capfd.readouterr())
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_path_that_holds_no_backup_is_refused_naming_it(
    database_urls, restored_database, tmp_path, monkeypatch
):
    """Outside probe AT (AT-7): a mistyped path got a traceback about the parent folder's
    manifest.json, and so did a folder without one."""
    admin = urlsplit(database_urls["admin"])
    monkeypatch.setenv("DATABASE_URL", admin._replace(path=f"/{restored_database}").geturl())
    (tmp_path / "backups").mkdir()
    mistyped = tmp_path / "backups" / "nope"
    with pytest.raises(SystemExit, match=rf"^no backup at {mistyped} \(expected a folder holding"):
        main(["restore", str(mistyped)])

    (tmp_path / "backups" / "half").mkdir()
    with pytest.raises(SystemExit, match=r"^no backup at .*/half \(expected a folder holding"):
        restore(
            tmp_path / "backups" / "half",
            replace(_shop(database_urls, tmp_path / "assets"), database=restored_database),
        )


def test_restore_is_refused_while_the_shop_is_connected_and_leaves_it_serving(
    database_urls, restored_database, tmp_path
):
    """Outside probe AT (AT-7): restoring under a running `make run` dropped the database
    under its web server and stopped its job worker."""
    create_order(status=OrderStatus.PAID)
    source = _shop(database_urls, tmp_path / "assets")
    folder = backup(source, tmp_path / "backups")
    target = replace(source, database=restored_database)
    restore(folder, target)

    app_url = urlsplit(database_urls["app"])._replace(path=f"/{restored_database}").geturl()
    with psycopg.connect(app_url) as web:
        with pytest.raises(
            SystemExit,
            match=rf"^{restored_database} is in use \(connections: 1 as morpheus_app\): stop",
        ):
            restore(folder, target)
        assert web.execute("SELECT 1").fetchone() == (1,)


def test_restore_is_refused_while_make_run_serves_between_requests(
    database_urls, restored_database, tmp_path
):
    """Outside probe FY-4: `make run`'s web server holds no connection between requests and
    its job worker none while it restarts; the restore dropped the database under the
    running shop. `make run` holds one while it serves, named."""
    source = _shop(database_urls, tmp_path / "assets")
    folder = backup(source, tmp_path / "backups")
    target = replace(source, database=restored_database)
    restore(folder, target)

    app_url = urlsplit(database_urls["app"])._replace(path=f"/{restored_database}").geturl()
    with shop_presence(app_url):
        with pytest.raises(SystemExit, match=r"connections: 1 as morpheus_app \(make run\)"):
            restore(folder, target)


def _orders_in(admin_url: str, database: str) -> int:
    with psycopg.connect(urlsplit(admin_url)._replace(path=f"/{database}").geturl()) as conn:
        return conn.execute("SELECT count(*) FROM orders_order").fetchone()[0]


def test_a_restore_on_a_machine_without_the_shops_secret_key_is_refused_until_it_is_back(
    database_urls, restored_database, tmp_path, monkeypatch, capsys
):
    """Outside probe AT (AT-5): restored on a fresh machine, `make run` made a new key: the
    worker aborted every job waiting in the backup (emails, fulfilments, refunds), and API
    tokens, emailed links and sign-ins were dead."""
    create_order(status=OrderStatus.PAID)
    folder = backup(_shop(database_urls, tmp_path / "assets"), tmp_path / "backups")
    assert settings.SECRET_KEY not in "".join(
        path.read_text(errors="replace") for path in folder.iterdir()
    )
    fresh_machine = tmp_path / "fresh-machine" / "var"
    monkeypatch.setenv("MORPHEUS_VAR_DIR", str(fresh_machine))
    monkeypatch.delenv("ASSET_ROOT", raising=False)
    monkeypatch.delenv("SECRET_KEY")
    admin = urlsplit(database_urls["admin"])
    monkeypatch.setenv("DATABASE_URL", admin._replace(path=f"/{restored_database}").geturl())

    with pytest.raises(
        SystemExit,
        match=rf"^{folder} was made with the SECRET_KEY whose fingerprint is [0-9a-f]{{16}};"
        r" this machine has none \(.*`make run` refuses to start until it is back\)\. Put that"
        r" key back first",
    ):
        main(["restore", str(folder)])
    with psycopg.connect(database_urls["admin"]) as conn:
        assert not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [restored_database]
        ).fetchone()

    fresh_machine.mkdir(parents=True)
    (fresh_machine / "secret_key").write_text(settings.SECRET_KEY + "\n")
    main(["restore", str(folder)])
    assert _orders_in(database_urls["admin"], restored_database) == 1
    # Outside probe CE-2: numbers issued since the backup were issued again after it.
    assert "(python manage.py invoice_numbers_continue_after)" in capsys.readouterr().out


def test_a_restore_under_another_secret_key_is_refused_unless_asked_for(
    database_urls, restored_database, tmp_path
):
    create_order(status=OrderStatus.PAID)
    source = _shop(database_urls, tmp_path / "assets")
    folder = backup(source, tmp_path / "backups")
    elsewhere = replace(source, database=restored_database, secret_key="another machine's key")

    with pytest.raises(
        SystemExit,
        match=rf"this machine's has fingerprint {fingerprint(elsewhere.secret_key)}\. Put that"
        rf" key back first.* make restore FILE={folder} ANOTHER_KEY=yes$",
    ):
        restore(folder, elsewhere)

    restore(folder, elsewhere, another_key=True)
    assert _orders_in(database_urls["admin"], restored_database) == 1


def test_a_restore_into_make_runs_database_on_a_machine_without_a_key_leaves_it_one(
    database_urls, restored_database, tmp_path, monkeypatch
):
    """`make run` refuses var/pgdata without var/secret_key: ANOTHER_KEY=yes on a machine
    with none makes the key the restored shop runs under."""
    create_order(status=OrderStatus.PAID)
    folder = backup(_shop(database_urls, tmp_path / "assets"), tmp_path / "backups")
    fresh_machine = tmp_path / "fresh-machine" / "var"
    fresh_machine.mkdir(parents=True)
    monkeypatch.setenv("MORPHEUS_VAR_DIR", str(fresh_machine))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    embedded = replace(
        _shop(database_urls, fresh_machine / "assets"), database=restored_database, secret_key=None
    )
    monkeypatch.setattr(backup_module, "_configured_target", lambda: embedded)

    main(["restore", str(folder), "--another-key"])

    assert _orders_in(database_urls["admin"], restored_database) == 1
    assert stat.S_IMODE((fresh_machine / "secret_key").stat().st_mode) == 0o600
