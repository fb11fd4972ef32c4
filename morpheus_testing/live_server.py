"""The live server of the browser, API and concurrency tests (pytest-django's), answering
as fast as the app does; and every test with it ends once the server has answered the
requests it started during the test: a page may still ask for something (a resource, a
script's fetch) when the test is done, and the test's database must not be torn down under
it."""

import threading
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started

ANSWERED_WITHIN_SECONDS = 15


@pytest.fixture(scope="session")
def live_server() -> Iterator[object]:
    """pytest-django's live server, without two waits that were most of each request's time
    on a kept-alive connection (browsers, `requests` sessions): 87 ms against 15 ms through
    the test client for an API list, 18 ms with these.

    - Django's server sends a response's headers and its body in two writes. Nagle's
      algorithm held the body until the client acknowledged the headers, which Linux
      delays by 40 ms.
    - Each request opened and closed its own database connection. One thread serves one
      HTTP connection, and Django closes that thread's database connection when the HTTP
      connection closes (`ThreadedWSGIServer.close_request`), so a connection is kept for
      as long as the client keeps the HTTP one.
    """
    from django.db import connections
    from django.test.testcases import QuietWSGIRequestHandler
    from pytest_django.live_server_helper import LiveServer

    QuietWSGIRequestHandler.disable_nagle_algorithm = True
    connections["default"].settings_dict["CONN_MAX_AGE"] = None
    server = LiveServer("localhost")
    yield server
    server.stop()


class _RequestsInFlight:
    """Requests begun and not yet finished on threads other than the test's own (the live
    server's; a streaming response the test's client never read to its end stays open)."""

    def __init__(self) -> None:
        self._test_thread = threading.current_thread()
        self._count = 0
        self._changed = threading.Condition()

    def started(self, **kwargs) -> None:
        if threading.current_thread() is not self._test_thread:
            with self._changed:
                self._count += 1

    def finished(self, **kwargs) -> None:
        if threading.current_thread() is not self._test_thread:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def wait_until_none(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._count <= 0, timeout)


@pytest.fixture(autouse=True)
def _live_server_answers_before_teardown(request):
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so torn down after this
    in_flight = _RequestsInFlight()
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)
    yield
    answered = in_flight.wait_until_none(ANSWERED_WITHIN_SECONDS)
    request_started.disconnect(in_flight.started)
    request_finished.disconnect(in_flight.finished)
    if not answered:
        pytest.fail("the live server was still answering a request after the test")
