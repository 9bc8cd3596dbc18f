"""A worker's in-process cache (no ``CACHE_URL``), bounded by the bytes it keeps as well as by
its number of entries.

flask-caching's ``SimpleCache`` bounds only the count: with ten million rows one read keeps
megabytes, and two thousand of them took a worker past a gigabyte. Entries are kept pickled (as
``SimpleCache`` keeps them), so their size is known exactly; beyond ``max_bytes`` the oldest go
first.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask_caching.backends.simplecache import SimpleCache


class BoundedCache(SimpleCache):
    """``SimpleCache`` that also keeps at most ``max_bytes`` of pickled values."""

    def __init__(self, threshold: int = 500, default_timeout: int = 300,
                 max_bytes: int = 64 * 2**20, **options: Any) -> None:  # fmt: skip
        super().__init__(threshold=threshold, default_timeout=default_timeout, **options)
        self.max_bytes = max_bytes
        self._sizes: dict[str, int] = {}  # in the order kept: the first is the oldest
        self._bytes = 0
        self._guard = threading.Lock()

    @classmethod
    def factory(
        cls, app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]
    ) -> BoundedCache:
        kwargs.update(threshold=config["CACHE_THRESHOLD"], max_bytes=config["CACHE_MAX_BYTES"])
        return cls(*args, **kwargs)

    @property
    def bytes_kept(self) -> int:
        return self._bytes

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        with self._guard:
            done = super().set(key, value, timeout)
            self._account(key)
            return done

    def add(self, key: str, value: Any, timeout: int | None = None) -> bool:
        with self._guard:
            done = super().add(key, value, timeout)
            self._account(key)
            return done

    def delete(self, key: str) -> bool:
        with self._guard:
            done = super().delete(key)
            self._bytes -= self._sizes.pop(key, 0)
            return done

    def clear(self) -> bool:
        with self._guard:
            self._sizes.clear()
            self._bytes = 0
            return super().clear()

    def _account(self, key: str) -> None:
        """Count ``key``'s new size, forget what the count bound or expiry removed, then drop
        the oldest entries while over ``max_bytes`` (``key`` itself if it alone is too big)."""
        for gone in [k for k in self._sizes if k not in self._cache]:
            self._bytes -= self._sizes.pop(gone)
        self._bytes -= self._sizes.pop(key, 0)
        item = self._cache.get(key)
        if item is not None:
            self._sizes[key] = len(item[1])
            self._bytes += self._sizes[key]
        while self._bytes > self.max_bytes and self._sizes:
            oldest = next(iter(self._sizes))
            self._bytes -= self._sizes.pop(oldest)
            self._cache.pop(oldest, None)
