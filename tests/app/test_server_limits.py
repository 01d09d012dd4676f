"""The real server (`nnbook serve` in a subprocess) under hostile clients: huge bodies, slow bodies, slow headers.

Memory is read from /proc for the server process itself.
"""

from __future__ import annotations

import select
import socket
import time
from pathlib import Path
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


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


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


def test_an_overlong_chunked_body_is_cut_off_and_memory_barely_moves(server):
    port, process = server
    before = rss_mb(process.pid)
    sent = 0
    status = None
    chunk = b"1" * MB
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(REQUEST + b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            while sent < 300 * MB:  # a 300 MB body, as the review sent, unless the server answers first
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
                if select.select([sock], [], [], 0)[0]:
                    break
            status = read_status(sock)
        except (BrokenPipeError, ConnectionResetError):
            pass
    grown = rss_mb(process.pid) - before
    assert status in (413, None)
    assert sent < 64 * MB, f"the server kept reading: {sent / MB:.0f} MB sent before it answered"
    assert grown < 20, f"server memory grew by {grown:.0f} MB for a body it should have refused"


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
                closed = sock.recv(1) == b""
                break
        assert closed, "the server still held a connection whose headers never finished"
        assert time.monotonic() - started < 4


def test_a_post_to_a_page_with_an_unread_body_closes_the_connection(server):
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nx")
        assert read_status(sock) == 405
        assert closed_by_server(sock, 2)
