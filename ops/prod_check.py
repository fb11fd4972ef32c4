"""`make prod-check`: the production process model, tried on this machine.

A fresh embedded database migrated by the owner role, `collectstatic`, `check --deploy`
with production settings, then gunicorn with gunicorn.conf.py (two workers) and a
procrastinate worker (as its own database role), behind a small proxy that does what a
TLS-terminating proxy does (X-Forwarded-Proto: https, X-Forwarded-For), localstripe as
Stripe, a local SMTP server as the mail server. It waits for /healthz, checks that plain
HTTP is redirected and HTTPS answers with HSTS, buys a comic through the proxy's address
and stops everything.
"""

import http.client
import os
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from morpheus_testing.devserver import LOCAL_STRIPE_KEYS, buyers_where_localstripe_cards_are
from morpheus_testing.localstripe_server import LocalStripe
from morpheus_testing.smtp_server import GatedSmtpServer
from ops.local_stack import (
    BASE_DIR,
    as_owner,
    as_worker,
    demo_purchase,
    free_port,
    fresh_database,
    manage,
    purchase_completed,
    scratch_folder,
)

HEALTH_TIMEOUT_SECONDS = 120
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


def tls_proxy(upstream_port: int) -> ThreadingHTTPServer:
    """Forwards to gunicorn with the headers a TLS-terminating proxy adds."""

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = self.client_address[0]
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            payload = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            upstream.close()

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _forward

        def log_message(self, format, *args):
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            print(f"proxy: a client at {client_address} went away before its answer")

    server = Server(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("/healthz did not answer 200: web or worker not up")


def check_https(gunicorn_port: int, proxy_port: int) -> None:
    plain = get(gunicorn_port, "/")
    if plain.status != 301 or not plain.getheader("Location", "").startswith("https://"):
        raise SystemExit(f"plain HTTP was not redirected to HTTPS: {plain.status}")
    secure = get(proxy_port, "/")
    if secure.status != 200 or "max-age" not in secure.getheader("Strict-Transport-Security", ""):
        raise SystemExit(f"HTTPS through the proxy: {secure.status}, no HSTS")
    print("plain HTTP -> 301 to https; through the proxy 200 with HSTS")


def production_env(
    work: Path, stripe: LocalStripe, smtp_port: int, gunicorn_port: int, proxy_port: int
):
    site = f"http://127.0.0.1:{proxy_port}"
    (work / "prometheus").mkdir()
    env = {
        **os.environ,
        **fresh_database(work, "morpheus_prod_check"),
        **LOCAL_STRIPE_KEYS,
        "STRIPE_API_BASE": stripe.base_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "INVOICE_SELLER_VAT_ID": "IE6388047V",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "SECURE_HTTPS": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{proxy_port}",
        "SITE_URL": site.replace("http://", "https://"),
        "TRUSTED_PROXY_COUNT": "1",
        "METRICS_TOKEN": secrets.token_urlsafe(16),
        "PROMETHEUS_MULTIPROC_DIR": str(work / "prometheus"),
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    buyers_where_localstripe_cards_are(env)
    return env


def main() -> None:
    started = time.monotonic()
    processes: list[subprocess.Popen] = []
    with (
        scratch_folder("morpheus-prod-") as work,
        LocalStripe() as stripe,
        GatedSmtpServer() as smtp,
    ):
        smtp.open()
        gunicorn_port = free_port()
        proxy = tls_proxy(gunicorn_port)
        proxy_port = proxy.server_address[1]
        env = production_env(work, stripe, smtp.port, gunicorn_port, proxy_port)
        try:
            manage(BASE_DIR, as_owner(env), "migrate", "--no-input")
            manage(BASE_DIR, env, "collectstatic", "--no-input")
            manage(BASE_DIR, env, "check", "--deploy", "--fail-level", "WARNING")
            manage(BASE_DIR, env, "seed_demo")
            webhook = ["register_stripe_webhook", "--base-url", f"http://127.0.0.1:{proxy_port}"]
            manage(BASE_DIR, env, *webhook, "--localstripe")
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "morpheus.wsgi"],
                    env=env,
                    cwd=BASE_DIR,
                    **quiet,
                )
            )
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "procrastinate", "worker"],
                    env=as_worker(env),
                    cwd=BASE_DIR,
                    **quiet,
                )
            )
            wait_healthy(proxy_port)
            check_https(gunicorn_port, proxy_port)
            if not purchase_completed(demo_purchase(env)):
                raise SystemExit("the purchase through gunicorn and the worker did not complete")
        finally:
            for process in processes:
                process.terminate()
                process.wait()
            proxy.shutdown()
    print(f"prod-check OK in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
