"""Granted downloads per second against gunicorn, next to the floor of serving the same file.

    python -m benchmarks.downloads [--seconds 10] [--admin-url postgres://superuser@...]

Starts a throwaway embedded PostgreSQL (or uses --admin-url), migrates a fresh database with
the production role split, issues one link per client (local storage, a small file), then
runs 4 concurrent clients against `/downloads/<token>/` and against `/floor/`, a view in
this module that returns the same file with no checks, in 5 alternating windows each. Both
go through the same gunicorn (4 sync workers) and the same middleware.
"""

import os
import tempfile
import threading
import time
from pathlib import Path

import requests

from benchmarks.harness import (
    Row,
    add_pdf,
    admin_url_or_embedded,
    bench_environment,
    free_port,
    prepare_database,
    run_from_command_line,
    start_gunicorn,
    wsgi_with_urlconf,
)

CLIENTS = 4
ROUNDS = 5
FILE_BYTES = 16 * 1024


def wsgi_app():
    """gunicorn's entry point (`benchmarks.downloads:wsgi_app()`): the site plus the floor."""
    return wsgi_with_urlconf(__name__)


def floor(request, name: str):
    """The same file with the same headers, without any check, count or history."""
    from django.http import FileResponse

    from catalog.storage import asset_storage

    return FileResponse(
        asset_storage().open(name, "rb"),
        as_attachment=True,
        filename="floor.pdf",
        content_type="application/pdf",
    )


def __getattr__(attribute: str):
    # This module is gunicorn's URLconf too; build it only when Django asks for it.
    if attribute == "urlpatterns":
        from django.urls import include, path

        return [path("floor/<path:name>", floor), path("", include("morpheus.urls"))]
    raise AttributeError(attribute)


def _issue_links(count: int) -> tuple[list[str], str]:
    """`count` fulfilled orders of one small comic; returns their link paths and the file."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from catalog.models import Comic
    from delivery.services import download_links_reissue_by_staff
    from morpheus.db_context import system_scope
    from orders import services
    from orders.transitions import OrderStatus, path_to

    content = b"%PDF-1.4 " + b"x" * (FILE_BYTES - 9)
    with system_scope():
        # The floor serves the original file, so the grant does too (no per-buyer stamp).
        comic = Comic.objects.create(
            title="Bench", slug="bench", price_amount=100, stamp_downloads=False
        )
        asset = add_pdf(comic, content)
    paths = []
    for number in range(count):
        with system_scope():
            customer = get_user_model().objects.create_user(f"bench{number}", f"b{number}@x.test")
            services.cart_add_comic(customer=customer, comic=comic)
            order = services.order_create_from_cart(customer=customer, actor="bench")
            for step in path_to(OrderStatus.PAID):
                services.order_transition(order=order, name=step.name, actor="bench", reason="")
        with system_scope():  # fulfilled after the payment committed; fresh links for us
            order.refresh_from_db()
            (link,) = download_links_reissue_by_staff(order=order, actor="bench", reason="bench")
        paths.append(link.path)
    return paths, asset.file.name


def _measure(urls: list[str], seconds: float) -> float:
    """Requests per second of `len(urls)` clients, each looping on its own URL."""
    granted = [0] * len(urls)
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                response = session.get(urls[index], timeout=10)
                if response.status_code != 200 or len(response.content) != FILE_BYTES:
                    raise RuntimeError(f"{urls[index]} answered {response.status_code}")
                granted[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(urls))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(granted) / (time.monotonic() - started)


def measure(admin_url: str | None = None, seconds: float = 10.0) -> list[Row]:
    """The benchmark's rows for `make bench`: granted downloads/s against the floor."""
    workdir = Path(tempfile.mkdtemp(prefix="morpheus-bench-"))
    bench_environment(workdir, DOWNLOAD_LINK_MAX_DOWNLOADS=str(10**9))
    admin_url, embedded = admin_url_or_embedded(admin_url, workdir)
    try:
        os.environ["DATABASE_URL"] = prepare_database(admin_url)["app"]
        paths, file_name = _issue_links(CLIENTS)
        downloads, floor_rate = _serve_and_measure(paths, file_name, seconds)
    finally:
        if embedded is not None:
            embedded.cleanup()
    return [
        Row(
            path="granted downloads/s vs no-checks floor",
            figure=downloads,
            floor=floor_rate,
            unit="/s",
            goal_ratio=0.8,
        )
    ]


def _serve_and_measure(paths: list[str], file_name: str, seconds: float) -> tuple[float, float]:
    port = free_port()
    server = start_gunicorn(
        "benchmarks.downloads:wsgi_app()",
        workers=CLIENTS,
        port=port,
        env=dict(os.environ),
        probe_path="/downloads/unknown/",
    )
    base = f"http://127.0.0.1:{port}"
    links = [base + path for path in paths]
    floors = [f"{base}/floor/{file_name}"] * CLIENTS
    try:
        _measure(links, 1.0)  # warm the workers
        # Alternating short windows, so a change in the machine's load falls on both sides.
        window = seconds / ROUNDS
        rounds = [(_measure(links, window), _measure(floors, window)) for _ in range(ROUNDS)]
    finally:
        server.terminate()
        server.wait()
    return (
        sum(downloads for downloads, _ in rounds) / ROUNDS,
        sum(floor for _, floor in rounds) / ROUNDS,
    )


def main(argv: list[str] | None = None) -> None:
    run_from_command_line(
        argv, doc=__doc__, measure=measure, option="seconds", kind=float, default=10.0
    )


if __name__ == "__main__":
    main()
