"""The in-process cache keeps at most its bytes, dropping the oldest entries first."""

from __future__ import annotations

import pickle
import threading

from callbacks.memory_cache import BoundedCache

KB = 1024


def size(value: object) -> int:
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def test_the_oldest_entries_go_once_the_bytes_are_over() -> None:
    cache = BoundedCache(threshold=1000, max_bytes=50 * KB)
    for i in range(10):
        cache.set(f"k{i}", b"x" * (10 * KB))
    assert cache.bytes_kept <= 50 * KB
    kept = [i for i in range(10) if cache.get(f"k{i}") is not None]
    assert kept == list(range(10 - len(kept), 10)) and 3 <= len(kept) <= 4
    assert cache.bytes_kept == sum(size(b"x" * (10 * KB)) for _ in kept)


def test_a_value_larger_than_the_bound_is_not_kept() -> None:
    cache = BoundedCache(max_bytes=10 * KB)
    cache.set("small", "a")
    cache.set("huge", b"x" * (20 * KB))
    assert cache.get("huge") is None
    assert cache.bytes_kept <= 10 * KB


def test_replacing_deleting_and_the_count_bound_keep_the_sum_true() -> None:
    cache = BoundedCache(threshold=5, max_bytes=10**9)
    for i in range(40):
        cache.set(f"k{i % 12}", list(range(i)))
    cache.delete("k3")
    live = {k: v for k in (f"k{i}" for i in range(12)) if (v := cache.get(k)) is not None}
    assert 0 < len(live) <= 6
    assert cache.bytes_kept == sum(size(v) for v in live.values())
    cache.clear()
    assert cache.bytes_kept == 0 and cache.get("k0") is None


def test_threads_setting_at_once_stay_within_the_bound() -> None:
    cache = BoundedCache(threshold=10_000, max_bytes=100 * KB)

    def fill(n: int) -> None:
        for i in range(300):
            cache.set(f"{n}-{i}", b"y" * (3 * KB))

    threads = [threading.Thread(target=fill, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.bytes_kept <= 100 * KB
    live = [k for n in range(8) for i in range(300) if cache.get(k := f"{n}-{i}") is not None]
    assert cache.bytes_kept == len(live) * size(b"y" * (3 * KB))
