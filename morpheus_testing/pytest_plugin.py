"""pytest plugin loaded with `-p` (pyproject), so it runs before Django reads settings:
the test environment's variables. The fixtures live in `morpheus_testing.fixtures`.
"""

import os
import tempfile

_TEST_ENV = {
    "SECRET_KEY": "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DJANGO_DEBUG": "false",
    "SECURE_COOKIES": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "STRIPE_CALL_IN_TRANSACTION": "raise",
}
ADMIN_URL = os.environ.pop("DATABASE_URL", "")
for _key, _value in _TEST_ENV.items():
    os.environ.setdefault(_key, _value)
os.environ.setdefault("MORPHEUS_VAR_DIR", tempfile.mkdtemp(prefix="morpheus-test-var-"))
