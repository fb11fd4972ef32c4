"""Racing requests in tests: the same call from several threads released together."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


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
