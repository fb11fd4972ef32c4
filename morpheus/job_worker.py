"""The job worker's connection to the queue (`manage.py procrastinate worker`).

Any database role may NOTIFY on any channel, and procrastinate's worker stops when a
notification on its channels is not the JSON it expects: its listener fails, and the worker
with it. So SQL injected into a web request could stop every worker with one statement.
The worker's connector passes on only `job_inserted` notifications, which wake the worker
to look for jobs; it drops the rest with a warning, abort requests included (the shop
aborts no running job).
"""

import json
import logging
from typing import Any

from procrastinate.contrib.django.utils import connector_params
from procrastinate.psycopg_connector import PsycopgConnector

from morpheus.database_login import refuse_a_login_that_bypasses_row_level_security

logger = logging.getLogger(__name__)


def is_job_inserted(payload: str) -> bool:
    try:
        notification = json.loads(payload)
    except ValueError:
        return False
    return isinstance(notification, dict) and notification.get("type") == "job_inserted"


class WorkerConnector(PsycopgConnector):
    async def listen_notify(self, on_notification: Any, channels: Any) -> None:
        async def job_inserted_only(*, channel: str, payload: str) -> None:
            if is_job_inserted(payload):
                await on_notification(channel=channel, payload=payload)
            else:
                logger.warning("ignored a notification on %s that is no job's insert", channel)

        await super().listen_notify(on_notification=job_inserted_only, channels=channels)


def worker_connector() -> WorkerConnector:
    """Every `manage.py procrastinate` command (the worker's) asks for it as it starts."""
    refuse_a_login_that_bypasses_row_level_security()
    return WorkerConnector(kwargs=connector_params())


def on_app_ready(app: Any) -> None:
    """PROCRASTINATE_ON_APP_READY: the worker command asks the Django connector for the
    connector it runs on."""
    app.connector.get_worker_connector = worker_connector
