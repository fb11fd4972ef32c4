"""Run localstripe (a fake Stripe HTTP API) in-process, on 127.0.0.1, for tests and dev.

localstripe keeps its data and its registered webhooks in module-level globals, so every
``LocalStripe`` in one process shares them: run one at a time and call ``reset()`` between
tests. ``reset()`` clears the data but not the webhooks; registering a webhook again under
the same name replaces it.

Beside localstripe's routes, the app serves test controls of ours under ``/_config/`` (see
``refunds_answer`` and ``requests_fail``): inert unless a test asks, and cleared by
``reset()``.
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
    from localstripe.resources import Charge, Refund, Store

    Store.dump_to_disk = lambda self: None  # type: ignore[method-assign]
    webhooks.asyncio = _WebhookClock  # type: ignore[attr-defined]
    Charge.amount_refunded = property(_amount_refunded_standing)  # type: ignore[assignment]
    Refund._update = _refund_update  # type: ignore[method-assign]
    _answering.clear()  # asyncio's locks belong to the loop of the server that made them

    ours = {
        ("POST", "/v1/refunds"): _refund_create,
        ("DELETE", "/_config/data"): _flush_store,
    }
    app = web.Application(
        middlewares=[*server.app.middlewares, _failing_requests, _idempotent_requests]
    )
    for callback in server.app.on_response_prepare:
        app.on_response_prepare.append(callback)
    for route in server.app.router.routes():
        path = route.resource.canonical
        handler = ours.get((route.method, path), route.handler)
        app.router.add_route(route.method, path, handler)
    app.router.add_post(REFUND_ANSWERS_PATH, _refund_answer_set)
    app.router.add_delete(REFUND_ANSWERS_PATH, _refund_answers_clear)
    app.router.add_post(FAILURES_PATH, _failure_set)
    app.router.add_delete(FAILURES_PATH, _failures_clear)
    return app


# Stripe gives the amount of a refund that failed or was canceled back to the charge;
# localstripe, told to mark a refund so, kept counting it refunded.
REFUNDS_GIVEN_BACK = ("failed", "canceled")


def _amount_refunded_standing(charge) -> int:
    return sum(
        refund.amount for refund in charge.refunds._list if refund.status not in REFUNDS_GIVEN_BACK
    )


# How Stripe answers the refunds of a charge (key: its id, or ANY_CHARGE), as a test set it
# through REFUND_ANSWERS_PATH: {"status": ...} keeps the refund with that status (Stripe
# answers `pending` when the money has not moved yet), {"http_status": ..., "error": ...}
# refuses it with Stripe's error object. Empty unless a test asks: localstripe as it is.
REFUND_ANSWERS_PATH = "/_config/refund_answers"
ANY_CHARGE = "*"
_refund_answers: dict[str, dict] = {}


async def _refund_answer_set(request: web.Request) -> web.Response:
    from localstripe.errors import UserError

    answer = await request.json()
    charge = answer.pop("charge", None) or ANY_CHARGE
    refused = "error" in answer
    if refused == ("status" in answer) or (refused and "http_status" not in answer):
        raise UserError(400, "Expected status, or http_status and error")
    _refund_answers[charge] = answer
    return web.Response()


async def _refund_answers_clear(request: web.Request) -> web.Response:
    _refund_answers.clear()
    return web.Response()


async def _flush_store(request: web.Request) -> web.Response:
    """localstripe's DELETE /_config/data, which also forgets the tests' refund answers."""
    from localstripe.resources import store

    store.clear()
    _refund_answers.clear()
    _failures.clear()
    _answered.clear()
    _answering.clear()
    return web.Response()


# Requests Stripe answers with an error, as a test set it through FAILURES_PATH: (method,
# path) -> {"http_status": ..., "error": Stripe's error object}. Empty unless a test asks.
FAILURES_PATH = "/_config/failures"
_failures: dict[tuple[str, str], dict] = {}


@web.middleware
async def _failing_requests(request: web.Request, handler) -> web.StreamResponse:
    failure = _failures.get((request.method, request.path))
    if failure is None:
        return await handler(request)
    from localstripe.server import json_response

    return json_response({"error": failure["error"]}, status=failure["http_status"])


async def _failure_set(request: web.Request) -> web.Response:
    from localstripe.errors import UserError

    failure = await request.json()
    if not {"method", "path", "http_status", "error"} <= failure.keys():
        raise UserError(400, "Expected method, path, http_status and error")
    _failures[(failure.pop("method"), failure.pop("path"))] = failure
    return web.Response()


async def _failures_clear(request: web.Request) -> web.Response:
    _failures.clear()
    return web.Response()


# Stripe answers a POST sent again with the `Idempotency-Key` of one it answered with that
# same answer (status and body), and refuses the key with other parameters; localstripe made
# a second object each time, so a refund job retried after its worker died (its first
# request answered, the answer lost) refunded twice (outside probe CD-1). Answers of the
# tests' failure controls are not kept: they stand for Stripe out of order, not its answer.
IDEMPOTENCY_HEADER = "Idempotency-Key"
_answered: dict[str, tuple[tuple[str, str, bytes], web.Response]] = {}
_answering: dict[str, asyncio.Lock] = {}


@web.middleware
async def _idempotent_requests(request: web.Request, handler) -> web.StreamResponse:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if request.method != "POST" or not key:
        return await handler(request)
    asked = (request.method, request.path, await request.read())
    async with _answering.setdefault(key, asyncio.Lock()):
        if key in _answered:
            return _replayed(key, asked)
        response = await handler(request)
        if isinstance(response, web.Response) and response.status < 500:
            _answered[key] = (asked, response)
        return response


def _replayed(key: str, asked: tuple[str, str, bytes]) -> web.Response:
    from localstripe.server import json_response

    first, answer = _answered[key]
    if asked != first:
        error = {
            "type": "idempotency_error",
            "message": "Keys for idempotent requests can only be used with the same "
            f"parameters they were first used with. Try using a key other than '{key}' if "
            "you meant to execute a different request.",
        }
        return json_response({"error": error}, status=400)
    return web.Response(
        body=answer.body,
        status=answer.status,
        content_type=answer.content_type,
        headers={"Idempotent-Replayed": "true"},
    )


def _refunded_charge(data: dict) -> str | None:
    """The charge a refund request names, by itself or by its PaymentIntent."""
    from localstripe.errors import UserError
    from localstripe.resources import PaymentIntent

    if data.get("charge"):
        return str(data["charge"])
    try:
        latest = PaymentIntent._api_retrieve(str(data.get("payment_intent"))).latest_charge
    except UserError:
        return None  # localstripe's own create answers the 404
    return getattr(latest, "id", None)


async def _refund_create(request: web.Request) -> web.Response:
    """localstripe's POST /v1/refunds, answered as a test asked for the refund's charge."""
    from localstripe.resources import Refund
    from localstripe.server import get_post_data, json_response

    data = await get_post_data(request) or {}
    charge = _refunded_charge(data)
    answer = _refund_answers.get(charge or "") or _refund_answers.get(ANY_CHARGE)
    if answer is not None and "error" in answer:
        return json_response({"error": answer["error"]}, status=answer["http_status"])
    expand = data.pop("expand", None)
    refund = Refund._api_create(**data)
    if answer is not None:
        refund.status = answer["status"]
        if refund.status == "pending":
            refund.pending_reason = "processing"
    return json_response(refund._export(expand=expand))


def _refund_update(refund, **data) -> None:
    """localstripe's update of a refund (which lets a test end one: `status`), that also
    takes the `failure_reason` Stripe gives a refund that failed."""
    from localstripe.resources import StripeObject

    reason = data.pop("failure_reason", None)
    StripeObject._update(refund, **data)
    if reason is not None:
        refund.failure_reason = reason


class _WebhookClock:
    """What localstripe's webhook module sees of asyncio. It waits a second before sending
    each event, and the tests' payments (and `make run`'s) waited for it idle: it waits a
    tenth of that, still after the request that caused the event has been answered (four
    browser test modules took 33 s instead of 36)."""

    WAIT_SECONDS = 0.1
    # The webhook deliveries scheduled and not yet ended (`LocalStripe.webhooks_delivered`).
    sending: set[asyncio.Future] = set()

    @staticmethod
    async def sleep(_seconds: float) -> None:
        await asyncio.sleep(_WebhookClock.WAIT_SECONDS)

    @staticmethod
    def ensure_future(coroutine) -> asyncio.Future:
        future = asyncio.ensure_future(coroutine)
        _WebhookClock.sending.add(future)
        future.add_done_callback(_WebhookClock.sending.discard)
        return future


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

    def webhooks_delivered(self, timeout: float) -> bool:
        """Wait until every webhook this server has scheduled was sent (answered, refused
        or failed: localstripe tries once); False when some were still on their way after
        `timeout` seconds. `make run` waits for them before it stops its web server."""
        if self._loop is None:
            return True

        async def delivered() -> bool:
            ours = [f for f in _WebhookClock.sending if f.get_loop() is asyncio.get_running_loop()]
            return not ours or not (await asyncio.wait(ours, timeout=timeout))[1]

        return asyncio.run_coroutine_threadsafe(delivered(), self._loop).result()

    def reset(self) -> None:
        """Delete every Stripe object in the store (webhooks stay registered)."""
        self._request("DELETE", "/_config/data")

    def refunds_answer(
        self,
        status: str | None = None,
        *,
        charge: str | None = None,
        http_status: int | None = None,
        error: dict[str, str] | None = None,
    ) -> None:
        """Answer the refunds created from now on (of ``charge``, or of any charge) as Stripe
        may: kept with ``status`` (``pending``), or refused with ``http_status`` and Stripe's
        ``error`` object (type, code, message...), nothing refunded. Until ``reset()`` or
        ``refunds_as_usual()``."""
        body: dict[str, object] = {"charge": charge}
        if status is not None:
            body["status"] = status
        if error is not None:
            body |= {"http_status": http_status, "error": error}
        self._request("POST", REFUND_ANSWERS_PATH, body)

    def requests_fail(
        self, method: str, path: str, *, http_status: int, error: dict[str, str]
    ) -> None:
        """Answer every ``method`` request to ``path`` (``/v1/charges/ch_...``) with
        ``http_status`` and Stripe's ``error`` object, until ``reset()`` or
        ``requests_as_usual()``."""
        body = {"method": method, "path": path, "http_status": http_status, "error": error}
        self._request("POST", FAILURES_PATH, body)

    def requests_as_usual(self) -> None:
        self._request("DELETE", FAILURES_PATH)

    def refunds_as_usual(self) -> None:
        """localstripe's own answer to refunds again (succeeded at once)."""
        self._request("DELETE", REFUND_ANSWERS_PATH)

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
