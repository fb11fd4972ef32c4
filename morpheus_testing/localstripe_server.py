"""Run localstripe (a fake Stripe HTTP API) in-process, on 127.0.0.1, for tests and dev.

localstripe keeps its data and its registered webhooks in module-level globals, so every
``LocalStripe`` in one process shares them: run one at a time and call ``reset()`` between
tests. ``reset()`` clears the data but not the webhooks; registering a webhook again under
the same name replaces it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import threading
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterable
from types import FrameType
from typing import Self

from aiohttp import web

from morpheus_testing.servers import InProcessServer

HOST = "127.0.0.1"
TEST_SECRET_KEY = "sk_test_" + "0" * 24
STARTUP_TIMEOUT = 10.0


def _build_app() -> web.Application:
    """Return a fresh copy of localstripe's app, with its pickle-to-disk persistence disabled.

    Importing ``localstripe.server`` only builds its module-level ``app`` (it loads the pickle
    file only in its CLI ``start()``). That app binds itself to the first event loop that
    serves it, so copying its middlewares, hooks and routes lets a stopped server be
    started again on a new loop.
    """
    with warnings.catch_warnings():
        # localstripe registers plain functions as handlers, which aiohttp deprecates.
        warnings.filterwarnings("ignore", "Bare functions are deprecated", DeprecationWarning)
        from localstripe import server
    from localstripe import webhooks
    from localstripe.resources import Charge, Store

    Store.dump_to_disk = lambda self: None  # type: ignore[method-assign]
    webhooks.asyncio = _WebhookClock  # type: ignore[attr-defined]
    Charge.amount_refunded = property(_amount_refunded_standing)  # type: ignore[assignment]

    app = web.Application(middlewares=list(server.app.middlewares))
    for callback in server.app.on_response_prepare:
        app.on_response_prepare.append(callback)
    for route in server.app.router.routes():
        app.router.add_route(route.method, route.resource.canonical, route.handler)
    return app


# Stripe gives the amount of a refund that failed or was canceled back to the charge;
# localstripe, told to mark a refund so, kept counting it refunded.
REFUNDS_GIVEN_BACK = ("failed", "canceled")


def _amount_refunded_standing(charge) -> int:
    return sum(
        refund.amount for refund in charge.refunds._list if refund.status not in REFUNDS_GIVEN_BACK
    )


class _WebhookClock:
    """What localstripe's webhook module sees of asyncio. It waits a second before sending
    each event, and the tests' payments (and `make run`'s) waited for it idle: it waits a
    tenth of that, still after the request that caused the event has been answered (four
    browser test modules took 33 s instead of 36)."""

    WAIT_SECONDS = 0.1

    @staticmethod
    async def sleep(_seconds: float) -> None:
        await asyncio.sleep(_WebhookClock.WAIT_SECONDS)

    ensure_future = staticmethod(asyncio.ensure_future)


class LocalStripe(InProcessServer):
    """localstripe served by aiohttp in a background thread with its own event loop."""

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self.port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("LocalStripe is not running")
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = STARTUP_TIMEOUT) -> Self:
        """Start serving; return once the server answers HTTP requests."""
        if self._thread is not None:
            raise RuntimeError("LocalStripe is already running")
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run, name="localstripe", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self._thread = None
            raise TimeoutError("localstripe did not start in time")
        if self._error is not None:
            self._thread.join()
            self._thread = None
            raise RuntimeError("localstripe failed to start") from self._error
        self._check_answering(timeout)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to end (idempotent)."""
        if self._thread is None:
            return
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join()
        self._thread = None
        self._loop = None
        self._stopping = None
        self.port = None

    def reset(self) -> None:
        """Delete every Stripe object in the store (webhooks stay registered)."""
        self._request("DELETE", "/_config/data")

    def register_webhook(
        self, name: str, url: str, secret: str, events: Iterable[str] | None = None
    ) -> None:
        """Make localstripe POST its events to ``url``, signed with ``secret`` (one attempt).

        ``events`` limits delivery to those event types; None means all of them.
        """
        body: dict[str, object] = {"url": url, "secret": secret}
        if events is not None:
            body["events"] = list(events)
        path = "/_config/webhooks/" + urllib.parse.quote(name, safe="")
        self._request("POST", path, body)

    def unregister_webhook(self, name: str) -> None:
        """Stop sending events to the webhook ``name``, those not yet sent included (each
        waits a second before it is sent). localstripe has no route for it; it serves from
        this process, so its registry is dropped here, on the server's own thread."""
        from localstripe import webhooks

        done = threading.Event()

        def drop() -> None:
            webhooks._webhooks.pop(name, None)
            done.set()

        self._loop.call_soon_threadsafe(drop)
        if not done.wait(timeout=10):
            raise RuntimeError("localstripe's event loop did not drop the webhook")

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:
            self._error = exc
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        runner = web.AppRunner(_build_app(), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, HOST, self._requested_port)
            await site.start()
            self.port = runner.addresses[0][1]
            self._ready.set()
            await self._stopping.wait()
        finally:
            await runner.cleanup()

    def _check_answering(self, timeout: float) -> None:
        """One request, not a retry loop: the socket listens already (`_ready` is set after
        `site.start()`), so the request waits in its queue until the loop answers."""
        request = urllib.request.Request(  # noqa: S310 (always http://127.0.0.1)
            self.base_url + "/v1/customers?limit=1",
            headers={"Authorization": f"Bearer {TEST_SECRET_KEY}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
        except OSError:
            self.stop()
            raise

    def _request(self, method: str, path: str, body: dict[str, object] | None = None) -> None:
        """Send a /_config request; localstripe reads a JSON body before trying a form."""
        request = urllib.request.Request(  # noqa: S310 (always http://127.0.0.1)
            self.base_url + path,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()


def main(argv: list[str] | None = None) -> None:
    """Serve localstripe in the foreground until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(description="Serve localstripe on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8420, help="0 picks a free port")
    args = parser.parse_args(argv)

    stop_requested = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    with LocalStripe(port=args.port) as stripe_server:
        print(f"localstripe listening on {stripe_server.base_url}", flush=True)
        stop_requested.wait()


if __name__ == "__main__":
    main()
