"""``nnbook``: serve the book, check that it builds, export it as static files; ``new`` makes a course folder."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from .content.errors import BuildError
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nnbook", description="Neural Networks — the interactive book")
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new", help="make a course folder: its own book.toml and a first chapter of your own")
    new.add_argument("dir", type=Path)
    new.add_argument("--title", default=None, help="the course's title (default: from the folder's name)")
    serve = sub.add_parser("serve", help="serve the book on HOST:PORT (default 127.0.0.1:8000)")
    serve.add_argument("dir", type=Path, nargs="?", default=None, help="a course folder (default: the book)")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes on one port; they share the job cache (default 1)")
    check = sub.add_parser("check", help="build every page once and report every problem with file and line")
    check.add_argument("dir", type=Path, nargs="?", default=None, help="a course folder (default: the book)")
    build = sub.add_parser("build", help="write the book as static files: nnbook build [BOOK_DIR] OUT")
    build.add_argument("paths", nargs="+", metavar="[BOOK_DIR] OUT",
                       help="the folder to write (replaced); before it, optionally, a book folder with book.toml")
    build.add_argument("--base-url", default="/", help="the path the copy is published under, e.g. /nn-course/")
    build.add_argument("--pdf", default=None, metavar="PDF",
                       help="also print the whole book into this PDF (headless Chromium), e.g. OUT/book.pdf")
    pdf = sub.add_parser("pdf", help="print the whole book into one PDF through headless Chromium")
    pdf.add_argument("out", help="the PDF to write, e.g. book.pdf")
    pdf.add_argument("--url", default=None, help="print from this running book server instead of starting one")
    args = parser.parse_args(argv)
    if args.command == "pdf":
        from .print_pdf import pdf_command

        return pdf_command(args.out, base_url=args.url)
    if args.command == "build":
        return build_site(args.paths, args.base_url, args.pdf)

    if args.command == "new":
        return new_course(args.dir, args.title)
    settings = Settings()
    if args.dir is not None:
        if not (args.dir / "book.toml").is_file():
            print(f"nnbook: {args.dir} has no book.toml (make a course folder with: nnbook new {args.dir})",
                  file=sys.stderr)
            return 2
        settings = dataclasses.replace(settings, content_dir=args.dir.resolve())
    if args.command == "check":
        problems = check_book(settings.content_dir)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"nnbook: {len(problems)} problem(s) in {settings.content_dir}", file=sys.stderr)
            return 2
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
        os.environ["NNBOOK_CONTENT"] = str(settings.content_dir)  # … from the environment: the course folder too
        uvicorn.run("app.main:create_app", factory=True, workers=args.workers, log_level="warning",
                    host=args.host or settings.host, port=args.port or settings.port, **server_limits(settings))
        return 0

    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Serving '{app.state.book.title}' on http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", **server_limits(settings))
    return 0


def build_site(paths: list[str], base_url: str, pdf: str | None = None) -> int:
    """``nnbook build [BOOK_DIR] OUT [--pdf PDF]``: the static export (app/export), and the book as a PDF."""
    from .export import ExportError, build

    if len(paths) > 2:
        print("nnbook build: give OUT, or BOOK_DIR OUT", file=sys.stderr)
        return 2
    source, out = (None, paths[0]) if len(paths) == 1 else paths
    try:
        build(source, out, base_url, log=lambda line: print(line, file=sys.stderr, flush=True))
    except (BuildError, ExportError) as exc:
        print(f"nnbook build: {exc}", file=sys.stderr)
        return 2
    if pdf:
        from .print_pdf import pdf_command

        return pdf_command(pdf, book_dir=source)
    return 0


def new_course(folder: Path, title: str | None) -> int:
    from .content.course import new_course as write_course

    try:
        written = write_course(folder, title)
    except (FileExistsError, OSError) as exc:
        print(f"nnbook: {exc}", file=sys.stderr)
        return 2
    print("\n".join(f"wrote {path}" for path in written))
    print(f"next: nnbook serve {folder}   (then edit, and: nnbook check {folder})")
    return 0


def check_book(content_dir: Path) -> list:
    """Every problem of the book or course at once: sources (file:line), then cross-references."""
    from .content.book import load_book
    from .content.cross_refs import broken_links

    problems: list = []
    try:
        book = load_book(content_dir, problems)
    except BuildError as exc:  # book.toml itself cannot be read
        return [exc]
    return problems + broken_links(book)


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
