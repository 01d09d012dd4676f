"""The real server (`nnbook serve` in a subprocess) under hostile clients: declared huge bodies, slow bodies,
slow headers. Over-long bodies that stream, and the server's memory meanwhile: test_body_memory.py.
"""

from __future__ import annotations

import select
import socket
import time
from urllib.parse import urlparse

import pytest

from app.local_server import serve_process

pytestmark = pytest.mark.slow  # a real server process, bodies of hundreds of MB, one-second deadlines

MB = 1 << 20


@pytest.fixture(scope="module")
def server():
    # Short deadlines so the slow-client tests take a second, not ten.
    with serve_process({"NNBOOK_BODY_DEADLINE_S": "1", "NNBOOK_HEADER_TIMEOUT_S": "1"}) as (url, process):
        yield urlparse(url).port, process


def read_status(sock: socket.socket, timeout: float = 5.0) -> int:
    sock.settimeout(timeout)
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ")[1])


def closed_by_server(sock: socket.socket, within_s: float) -> bool:
    """True when the server closes the connection within ``within_s`` seconds."""
    sock.settimeout(within_s)
    try:
        while sock.recv(4096):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


REQUEST = (b"POST /api/widgets/activations/initial HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           b"Content-Type: application/json\r\n")


def test_a_declared_overlong_body_is_refused_before_it_is_sent(server):
    port, process = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(REQUEST + b"Content-Length: %d\r\n\r\n" % (300 * MB))
        assert read_status(sock) == 413
        assert closed_by_server(sock, 2)


def test_a_body_that_trickles_is_dropped_at_the_deadline(server):
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(REQUEST + b"Content-Length: 100000\r\n\r\n{")
        started = time.monotonic()
        assert read_status(sock, timeout=5) == 408
        assert time.monotonic() - started < 4
        assert closed_by_server(sock, 2)


def test_headers_that_trickle_are_dropped_at_the_deadline(server):
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        started = time.monotonic()
        closed = False
        for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 40:
            try:
                sock.sendall(bytes([byte]))  # one byte every 0.1 s: each restarts uvicorn's own idle timer
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if select.select([sock], [], [], 0.1)[0]:
                # Closed either way: a FIN reads as b"", a reset (a byte sent just before the close, left
                # unread in the server's buffer, makes the kernel send RST) raises.
                try:
                    closed = sock.recv(1) == b""
                except ConnectionResetError:
                    closed = True
                break
        assert closed, "the server still held a connection whose headers never finished"
        assert time.monotonic() - started < 4


def test_a_post_to_a_page_with_an_unread_body_closes_the_connection(server):
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nx")
        assert read_status(sock) == 405
        assert closed_by_server(sock, 2)
