"""``nnbook``: serve the book (and check that it builds)."""

from __future__ import annotations

import argparse
import sys

from .content.errors import BuildError
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nnbook", description="Neural Networks — the interactive book")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the book on HOST:PORT (default 127.0.0.1:8000)")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes on one port; they share the job cache (default 1)")
    sub.add_parser("check", help="build every page once and report problems with file and line")
    pdf = sub.add_parser("pdf", help="print the whole book into one PDF through headless Chromium")
    pdf.add_argument("out", help="the PDF to write, e.g. book.pdf")
    pdf.add_argument("--url", default=None, help="print from this running book server instead of starting one")
    args = parser.parse_args(argv)
    if args.command == "pdf":
        from .print_pdf import pdf_command

        return pdf_command(args.out, base_url=args.url)

    settings = Settings()
    from .main import create_app

    try:
        app = create_app(settings)
    except BuildError as exc:
        print(f"nnbook: the book does not build: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        book = app.state.book
        print(f"ok: {len(book.chapters)} chapters, {len(book.pages)} extra pages")
        return 0
    import uvicorn

    if getattr(args, "workers", 1) > 1:  # each process builds its own app; jobs are shared via the cache directory
        uvicorn.run("app.main:create_app", factory=True, workers=args.workers, log_level="warning",
                    host=args.host or settings.host, port=args.port or settings.port, **server_limits(settings))
        return 0

    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Serving '{app.state.book.title}' on http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", **server_limits(settings))
    return 0


def server_limits(settings: Settings) -> dict:
    """How uvicorn guards the connections themselves (the app guards bodies and calls).

    * headers must arrive within ``header_timeout_s`` (GuardedH11Protocol), bodies within
      ``body_deadline_s`` (BodyLimitMiddleware), and an idle keep-alive connection closes after
      ``keep_alive_s``;
    * beyond ``max_connections`` open connections, new requests get 503 at once;
    * a request's headers may not exceed 16 KB.
    """
    from .server_protocol import GuardedH11Protocol

    GuardedH11Protocol.header_timeout_s = settings.header_timeout_s
    return {
        "http": GuardedH11Protocol,
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": 16 * 1024,
        "backlog": 512,
        "timeout_graceful_shutdown": 5,
    }


if __name__ == "__main__":
    sys.exit(main())
