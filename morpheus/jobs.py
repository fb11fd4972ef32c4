"""Background jobs on PostgreSQL (procrastinate). Jobs are deferred through Django's own
connection, so they commit or roll back with the change that causes them.

Job bodies run outside any transaction: each does its database work in
`system_scope()` blocks and its side effects (email, HTTP) between them.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from morpheus import metrics

logger = logging.getLogger(__name__)

DEFAULT_RETRY = RetryStrategy(max_attempts=8, exponential_wait=2)


def job(*, queue: str = "default", retry: RetryStrategy = DEFAULT_RETRY, **options: Any):
    """Declare a job; failures are counted and logged, then retried by procrastinate."""

    def decorate(func: Callable[..., Any]):
        name = f"{func.__module__}.{func.__name__}"

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                metrics.JOB_FAILURES.labels(job=name).inc()
                logger.exception("job %s failed", name)
                raise

        return app.task(name=name, queue=queue, retry=retry, **options)(run)

    return decorate
