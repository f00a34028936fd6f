"""gunicorn's settings for ``make serve`` (``gunicorn --config python:concord.config.gunicorn``),
read from the environment like every other setting (docs/configuration.md)."""

from __future__ import annotations

import os
from typing import Any

from concord.config.env import env_int, env_str

bind = env_str("CONCORD_WEB_BIND", "127.0.0.1:8000")
workers = env_int("CONCORD_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1, minimum=1)
threads = env_int("CONCORD_WEB_THREADS", 4, minimum=1)
timeout = env_int("CONCORD_WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = timeout
keepalive = 5
# A fresh process now and then keeps slow leaks from growing.
max_requests = 2000
max_requests_jitter = 200

# The access log names the path and the request id, never the query string or the client's
# address: an address can place someone in a refuge.
accesslog = "-"
errorlog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'


def post_worker_init(worker: Any) -> None:
    """Before a new process takes its first request: load every page's code and start the
    chart engine, which would otherwise keep the first person in each process waiting
    about two seconds (a process is replaced every ``max_requests``)."""
    from django.urls import get_resolver

    from concord.core.charts import start_drawing

    get_resolver().url_patterns  # noqa: B018 - importing every view is the point
    start_drawing()
