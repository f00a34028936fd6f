"""The rate limits' file cache counts every request when processes count at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from concord.core.caches import LockedFileCache

PROCESSES = 4
EACH = 50


def _count(folder: str) -> None:
    cache = LockedFileCache(folder, {})
    for _ in range(EACH):
        if not cache.add("address", 1, 60):
            cache.incr("address")


def test_processes_counting_at_once_lose_no_count(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_count, args=(str(tmp_path),)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert LockedFileCache(str(tmp_path), {}).get("address") == PROCESSES * EACH


def test_lock_files_stay_few_however_many_keys(tmp_path: Path) -> None:
    cache = LockedFileCache(str(tmp_path), {})
    for number in range(200):
        cache.add(f"address-{number}", 1, 60)
    assert len(list((tmp_path / "locks").iterdir())) <= 64
