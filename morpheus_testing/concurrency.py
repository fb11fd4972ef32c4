"""Racing requests in tests: the same call from several threads released together."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")
LOCK_TIMEOUT = "55P03"  # PostgreSQL's lock_not_available


def at_once(call: Callable[[], T], times: int) -> list[T]:
    """What `call` returned in each of `times` threads started together, each on its own
    database connection (closed when it ends); an exception in one is raised here."""
    start = threading.Barrier(times)
    results: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(call())
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


def waits_for_a_lock(call: Callable[[], object]) -> bool:
    """Whether `call`, run on another database connection, waits for a lock the caller's
    open transaction holds: it gives up after a moment (PostgreSQL's lock_timeout) rather
    than hang the test. An other exception is raised here."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '300ms'")
            call()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if not failures:
        return False
    (failure,) = failures
    if isinstance(failure, OperationalError) and failure.__cause__.sqlstate == LOCK_TIMEOUT:
        return True
    raise failure
