"""The header deadline of the threaded worker, on a real socket pair."""

from __future__ import annotations

import socket

from dashboard.http_worker import HeaderDeadlineSocket


def test_a_header_past_its_deadline_reads_as_a_hang_up() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sock = HeaderDeadlineSocket(ours)
        sock.arm(0)
        theirs.sendall(b"GET / HTTP/1.1\r\n")
        assert sock.recv(1024) == b""  # bytes are waiting, but the time is up
        assert sock.expired  # the worker closes it at once, without lingering


def test_a_complete_header_lifts_the_deadline() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sock = HeaderDeadlineSocket(ours)
        sock.arm(30)
        theirs.sendall(b"POST / HTTP/1.1\r\nContent-Length: 4\r")
        assert sock.recv(1024).endswith(b"\r")
        assert sock.armed
        theirs.sendall(b"\n\r\nbody")  # the end of the header split across reads
        assert sock.recv(1024) == b"\n\r\nbody"
        assert not sock.armed  # the body may take its time


def test_everything_else_is_the_socket() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sock = HeaderDeadlineSocket(ours)
        assert sock.fileno() == ours.fileno()
        sock.sendall(b"x")
        assert theirs.recv(1) == b"x"
