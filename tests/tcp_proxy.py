"""A TCP relay on 127.0.0.1 to a real server, that can be stopped and started again on the same
port: the database (or any service) going away and coming back, as the app sees it over the
network. Stopping closes the listening socket and every relayed connection."""

from __future__ import annotations

import selectors
import socket
import threading


class Relay:
    def __init__(self, target: tuple[str, int], port: int) -> None:
        self.target, self.port = target, port
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(listener,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self, listener: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(listener, selectors.EVENT_READ, None)
        peers: dict[socket.socket, socket.socket] = {}
        while not self._stop.is_set():
            for key, _ in selector.select(timeout=0.1):
                if key.data is None:
                    self._accept(listener, selector, peers)
                elif key.fileobj in peers and not self._pipe(key.fileobj, peers):
                    self._drop(key.fileobj, selector, peers)
        for sock in [listener, *peers]:
            sock.close()
        selector.close()

    def _accept(self, listener, selector, peers) -> None:  # noqa: ANN001
        client, _ = listener.accept()
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        peers[client], peers[upstream] = upstream, client
        for sock in (client, upstream):
            selector.register(sock, selectors.EVENT_READ, True)

    @staticmethod
    def _pipe(sock, peers) -> bool:  # noqa: ANN001
        try:
            data = sock.recv(65536)
            if data:
                peers[sock].sendall(data)
            return bool(data)
        except OSError:
            return False

    @staticmethod
    def _drop(sock, selector, peers) -> None:  # noqa: ANN001
        other = peers.pop(sock, None)
        for one in (sock, other):
            if one is not None:
                peers.pop(one, None)
                selector.unregister(one)
                one.close()
