"""Over-long request bodies against the real server (`nnbook serve` in a subprocess): refused, never held.

The review's finding: one 300 MB POST grew the server from 85 MB to 646 MB
before its 413, because the body was read whole before its size was looked
at. Here the server's resident memory is sampled from /proc every few
milliseconds while hundreds of megabytes are offered to a widget call, and
the peak must stay within a few MB of where it started. Without the
streaming count in app/middleware/body_limit.py these tests fail: the server
reads the whole body (the client gets to send all of it) and its memory
grows by roughly the body's size.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from app.local_server import serve_process
from app.settings import Settings

pytestmark = pytest.mark.slow  # a real server process and bodies of hundreds of MB

MB = 1 << 20
LIMIT = Settings().api_body_limit
GROWTH_BOUND_MB = 30  # a few buffers of 64 kB and the interpreter's own churn; the unguarded server grew ~300 MB
READ_BOUND = 64 * MB  # the server must answer long before the client has sent this much
WIDGET_CALL = (b"POST /api/widgets/activations/initial HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\n")


@pytest.fixture(scope="module")
def server():
    with serve_process() as (url, process):
        yield urlparse(url).port, process.pid


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


class PeakRss:
    """The highest VmRSS of a process while the ``with`` block runs, sampled every 5 ms."""

    def __init__(self, pid: int):
        self.pid = pid
        self.before = self.peak = rss_mb(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        time.sleep(0.2)  # whatever the server still does with the body shows up in the samples
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb(self.pid))

    @property
    def grown(self) -> float:
        return self.peak - self.before

    def figures(self, sent: int) -> str:
        """What a failure reports: the memory before and at its peak, and how much body was sent."""
        return f"RSS {self.before:.0f} -> peak {self.peak:.0f} MB, {sent / MB:.0f} MB sent"


def offer_body(port: int, headers: bytes, total: int, chunked: bool) -> tuple[int, bytes, int]:
    """Send ``total`` bytes of body in 1 MB pieces until the server answers; ``(status, reply body, sent)``.

    Status 0: the server closed the connection without a reply."""
    piece = b"1" * MB
    sent = 0
    reply = b""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(WIDGET_CALL + headers + b"\r\n")
        try:
            while sent < total and not select.select([sock], [], [], 0)[0]:  # until the server answers or closes
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # it closed while we sent: its reply is still in our receive buffer
        sock.settimeout(10)
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, body, sent


def assert_refused_with_413(status: int, body: bytes):
    assert status == 413, f"expected 413, got {status}: {body[:200]!r}"
    envelope = json.loads(body.split(b"HTTP/1.1 ")[0])  # only the first reply, should the server send more
    assert envelope["ok"] is False and envelope["error"]["field"] == "body"
    assert str(LIMIT) in envelope["error"]["reason"], envelope  # the reply names the limit


def assert_chunked_300_mb_refused_with_flat_memory(server, headers: bytes):
    port, pid = server
    with PeakRss(pid) as rss:
        status, body, sent = offer_body(port, headers, 300 * MB, chunked=True)
    assert sent < READ_BOUND, f"the server kept reading: {rss.figures(sent)}"
    assert rss.grown < GROWTH_BOUND_MB, f"server memory grew for a refused body: {rss.figures(sent)}"
    assert_refused_with_413(status, body)


def test_a_300_mb_chunked_body_gets_413_and_memory_barely_moves(server):
    assert_chunked_300_mb_refused_with_flat_memory(server, b"Transfer-Encoding: chunked\r\n")


def test_a_lying_content_length_does_not_let_a_chunked_body_through(server):
    # Content-Length says 1000 bytes, under the limit; Transfer-Encoding wins (RFC 9112) and 300 MB follow.
    assert_chunked_300_mb_refused_with_flat_memory(server, b"Content-Length: 1000\r\nTransfer-Encoding: chunked\r\n")


def test_bytes_beyond_a_short_content_length_are_never_read_as_body(server):
    # Content-Length says 1000, then 300 MB arrive: the call sees 1000 bytes, the rest is no request.
    port, pid = server
    with PeakRss(pid) as rss:
        status, _body, sent = offer_body(port, b"Content-Length: 1000\r\n", 300 * MB, chunked=False)
    assert 400 <= status < 500 and sent < READ_BOUND, f"status {status}; {rss.figures(sent)}"
    assert rss.grown < GROWTH_BOUND_MB, f"server memory grew: {rss.figures(sent)}"


def test_four_200_mb_bodies_at_once_leave_memory_flat(server):
    # The review's second case: four 200 MB bodies in parallel took the server to 800 MB.
    port, pid = server
    results = []

    def one():
        results.append(offer_body(port, b"Transfer-Encoding: chunked\r\n", 200 * MB, chunked=True))

    with PeakRss(pid) as rss:
        clients = [threading.Thread(target=one) for _ in range(4)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    figures = rss.figures(sum(sent for _, _, sent in results)) + " in all"
    assert all(sent < READ_BOUND for _, _, sent in results), f"the server kept reading: {figures}"
    assert rss.grown < GROWTH_BOUND_MB, f"server memory grew: {figures}"
    for status, body, _ in results:
        assert_refused_with_413(status, body)
