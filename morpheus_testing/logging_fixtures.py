import copy
import io
import logging.config

import pytest


@pytest.fixture
def log_output(settings):
    """The production logging configuration, at DEBUG, writing to a buffer."""
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["stream"] = stream
    config["root"]["level"] = "DEBUG"
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)
