"""gunicorn's threaded worker with a deadline on a request's header: ``HeaderDeadlineWorker``.

gunicorn's gthread worker hands a connection to a thread once its first bytes arrive, and the
thread then waits as long as the client takes to finish the header; a client sending a header
line every few seconds holds a thread for minutes, and a few dozen hold them all. Here a request's
header must be complete within ``HEADER_SECONDS`` of the thread taking it (the wait for its first
bytes included); a client that is slower is cut off as if it had hung up. The body is not bound
by it (an upload may take long); a reverse proxy that buffers requests bounds that (README).
"""

from __future__ import annotations

import select
import socket
import time

from gunicorn.workers.gthread import ThreadWorker

HEADER_SECONDS = 10.0
END_OF_HEADER = b"\r\n\r\n"


class HeaderDeadlineSocket:
    """A socket whose ``recv`` gives up (answers end of stream) when an armed deadline passes
    before the end of a request header went through it; everything else is the socket's."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._deadline: float | None = None
        self._tail = b""
        self.expired = False  # cut off by the deadline

    def arm(self, seconds: float = HEADER_SECONDS) -> None:
        self._deadline, self._tail, self.expired = time.monotonic() + seconds, b"", False

    @property
    def armed(self) -> bool:
        return self._deadline is not None

    def recv(self, size: int, *flags: int) -> bytes:
        if self._deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self._deadline - time.monotonic()
        if remaining <= 0 or not select.select([self._sock], [], [], remaining)[0]:
            self._deadline, self.expired = None, True
            return b""  # the parser reads this as a client that hung up: closed quietly
        data = self._sock.recv(size, *flags)
        seen = self._tail + data
        if END_OF_HEADER in seen:
            self._deadline = None
        self._tail = seen[-3:]
        return data

    def __getattr__(self, name: str) -> object:
        return getattr(self._sock, name)


class HeaderDeadlineWorker(ThreadWorker):
    """gthread, with each request's header read under a deadline (``HeaderDeadlineSocket``)."""

    def enqueue_req(self, conn) -> None:  # noqa: ANN001 (gunicorn's TConn)
        if not isinstance(conn.sock, HeaderDeadlineSocket):
            conn.sock = HeaderDeadlineSocket(conn.sock)
        conn.sock.arm()  # a new connection, or the next request of a kept-alive one
        super().enqueue_req(conn)

    def finish_request(self, conn, fs) -> None:  # noqa: ANN001 (gunicorn's TConn and Future)
        """A connection cut off by the deadline is closed at once: gunicorn's graceful close
        waits up to 2 s for the client to hang up, in the worker's main loop, which a slow
        client never does (hundreds of them would stop the loop for minutes)."""
        if isinstance(conn.sock, HeaderDeadlineSocket) and conn.sock.expired:
            self.nr_conns -= 1
            conn.close()
            return
        super().finish_request(conn, fs)
