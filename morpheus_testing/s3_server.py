"""Run moto's S3 HTTP API in-process, on 127.0.0.1, for tests and dev.

moto keeps its state in module-level backends, so every ``S3Server`` in one process shares
it: call ``reset()`` between tests.
"""

from __future__ import annotations

import urllib.request
from typing import Any, Self

import boto3
from moto.server import ThreadedMotoServer

from morpheus_testing.servers import InProcessServer

REGION = "us-east-1"
ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing"  # noqa: S105 (moto accepts any credentials)


class S3Server(InProcessServer):
    """moto in server mode, in a background thread, on a free port (or a given one)."""

    def __init__(self, port: int = 0) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self._running = False

    @property
    def endpoint_url(self) -> str:
        if not self._running:
            raise RuntimeError("S3Server is not running")
        host, port = self._server.get_host_and_port()
        return f"http://{host}:{port}"

    def start(self) -> Self:
        if self._running:
            raise RuntimeError("S3Server is already running")
        self._server.start()
        self._running = True
        return self

    def stop(self) -> None:
        if self._running:
            self._server.stop()
            self._running = False

    def client(self) -> Any:
        """A boto3 S3 client for this server, with the dummy credentials."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def reset(self) -> None:
        """Delete every bucket and object (all of moto's state, in fact)."""
        request = urllib.request.Request(  # noqa: S310 (always http://127.0.0.1)
            self.endpoint_url + "/moto-api/reset", method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
