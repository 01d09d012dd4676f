"""`nnbook check` / `nnbook serve` refuse a broken book with file, line and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import cli

MINI = Path(__file__).resolve().parent / "fixtures" / "mini_book"


@pytest.fixture
def book(tmp_path, monkeypatch):
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    monkeypatch.setenv("NNBOOK_CONTENT", str(target))
    return target


def test_check_builds_a_good_book(book, capsys):
    assert cli.main(["check"]) == 0
    assert "ok: 2 chapters, 1 extra pages" in capsys.readouterr().out


@pytest.mark.parametrize("block, reason", [
    ("```{widget} teleporter\n```\n", "unknown widget 'teleporter'"),
    ("```{widget} perceptron\ndataset: [and\n```\n", "malformed YAML"),
    ("```{widget} perceptron\nw1: 99\n```\n", "option w1: must be between -5 and 5"),
    ("```{sparkle}\n```\n", "unknown directive {sparkle}"),
])
def test_a_broken_directive_stops_start_up_with_file_and_line(book, capsys, block, reason):
    chapter = book / "02-second.md"
    text = chapter.read_text()
    line = text.count("\n", 0, text.index("## Figure")) + 1
    chapter.write_text(text.replace("## Figure\n", "## Figure\n\n" + block, 1))
    for command in (["check"], ["serve", "--port", "1"]):
        assert cli.main(command) == 2
        err = capsys.readouterr().err
        assert f"02-second.md:{line + 2}: " in err and reason in err


def test_a_listed_but_missing_chapter_is_named(book, capsys):
    (book / "02-second.md").unlink()
    assert cli.main(["check"]) == 2
    assert "chapter '02-second' is listed but" in capsys.readouterr().err


def test_serve_runs_uvicorn_with_connection_limits_and_timeouts(book, monkeypatch):
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(kwargs))
    assert cli.main(["serve", "--port", "8123"]) == 0
    from app.server_protocol import GuardedH11Protocol

    assert seen["port"] == 8123 and seen["http"] is GuardedH11Protocol
    assert 0 < seen["timeout_keep_alive"] <= 10 and seen["limit_concurrency"] > 0
    assert seen["h11_max_incomplete_event_size"] <= 64 * 1024
    assert 0 < GuardedH11Protocol.header_timeout_s <= 30
