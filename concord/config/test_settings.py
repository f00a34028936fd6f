"""Settings for the test suite and type checker: the ``test`` posture of settings.py."""

import os

os.environ.setdefault("CONCORD_ENVIRONMENT", "test")

from concord.config.settings import *  # noqa: F403
