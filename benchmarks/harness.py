"""What every benchmark does before and after measuring: Django on a fresh database (a
SQLite file in a temporary directory unless DATABASE_URL says otherwise), and the result
written as JSON to benchmarks/results/<name>.json and printed."""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_django() -> None:
    """Set Django up on a migrated database."""
    os.environ.setdefault("CONCORD_DATA_DIR", tempfile.mkdtemp(prefix="concord-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.test_settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_result(name: str, result: dict[str, Any]) -> None:
    result = result | {"python": platform.python_version(), "machine": platform.machine()}
    out = ROOT / "benchmarks" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
