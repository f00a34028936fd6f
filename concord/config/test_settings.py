"""Settings for the test suite and type checker: the ``test`` posture of settings.py."""

import os

os.environ.setdefault("CONCORD_ENVIRONMENT", "test")

from concord.config.settings import *  # noqa: F403

# Fast hashing keeps the suite quick; production uses Django's default (PBKDF2).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests serve static files from the finders; nothing is collected.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True

# Background tasks run at once, inside the request that queues them; one test runs the real
# database backend and its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "heartbeat": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "heartbeat",
    },
}

# Sessions in this process's memory (settings.py keeps them in files under CONCORD_DATA_DIR).
CACHES["sessions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "sessions",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

# The public forms' rate limits count in memory, emptied before each test (conftest.py);
# concord.core.tests.test_caches shares the real backend between processes.
CACHES["ratelimit"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "ratelimit",
}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405

# The worker the tests run inside the test process must not lower the process's priority.
WORKER_NICENESS = 0
