"""WhiteNoise's table of static files, read once per test run instead of once per test client.

WhiteNoise walks every static folder and stats each file when its middleware is built: once
per process in production, but in tests once per test client (pytest-django's `client`, each
`Client()`, builds its own handler): 35 ms each time, 70 ms once `collectstatic` has filled
STATIC_ROOT; about 14 s of the two workers' time in a fresh clone's run. Tests reuse the
first table built under the same settings; a test that changes them gets a table of its own.
"""

from collections.abc import Iterator

import pytest

_SETTINGS = (
    "DEBUG",
    "FORCE_SCRIPT_NAME",
    "INSTALLED_APPS",
    "STATICFILES_DIRS",
    "STATICFILES_FINDERS",
    "STATIC_ROOT",
    "STATIC_URL",
)


def _settings_key(settings) -> tuple:
    names = sorted({*_SETTINGS, *(n for n in dir(settings) if n.startswith("WHITENOISE_"))})
    return tuple((name, repr(getattr(settings, name, None))) for name in names)


@pytest.fixture(scope="session", autouse=True)
def _static_files_read_once() -> Iterator[None]:
    from django.conf import settings as django_settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    build = WhiteNoiseMiddleware.__init__
    built: dict[tuple, dict] = {}

    def build_or_reuse(self, get_response=None, settings=django_settings):
        key = _settings_key(settings)
        if key in built:
            # The table is only read while serving (autorefresh looks files up instead).
            self.__dict__.update(built[key], get_response=get_response)
            return
        build(self, get_response, settings)
        built[key] = dict(self.__dict__)

    WhiteNoiseMiddleware.__init__ = build_or_reuse
    yield
    WhiteNoiseMiddleware.__init__ = build
