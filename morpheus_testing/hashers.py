"""The password hasher of the test run: production's PBKDF2-SHA256 at one iteration.

Its hashes look like production's (`pbkdf2_sha256$1$salt$hash`); production's hasher reads
the iteration count from the hash, so a worker or gunicorn started by a test (production
settings) still verifies them. Production's million iterations cost 0.25 s of CPU for every
user a factory creates and every log-in.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneIterationPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
