"""The pages' JavaScript bundle (app/js_bundle.py): made from static/js by esbuild, made again only when a module changed."""

from __future__ import annotations

import os

import pytest

from app import js_bundle


@pytest.fixture
def static(tmp_path):
    (tmp_path / "js" / "widgets").mkdir(parents=True)
    (tmp_path / "js" / "book.js").write_text('import { shared } from "./shared.js";\n'
                                             'export const load = (n) => import(`./widgets/${n}.js`);\nshared();\n')
    (tmp_path / "js" / "shared.js").write_text('export function shared() { return "first"; }\n')
    (tmp_path / "js" / "widgets" / "one.js").write_text('import { shared } from "../shared.js";\nexport default shared;\n')
    return tmp_path


def test_the_bundle_holds_every_module_once_and_is_made_again_only_when_one_changes(static):
    output = js_bundle.build(static)
    assert output == static / js_bundle.OUTPUT and js_bundle.is_current(static)
    text = output.read_text()
    assert text.startswith(js_bundle.stamp(static))
    # The figure a page names at run time (a dynamic import of a pattern) is inside, and the module two
    # import is there once: one copy of a singleton per page.
    assert text.count('"first"') == 1 and "widgets/one.js" in text
    assert "import(" not in text.replace("import(`", "")  # nothing left to fetch
    made = output.stat().st_mtime_ns
    assert js_bundle.build(static) == output and output.stat().st_mtime_ns == made  # unchanged: not made again
    (static / "js" / "shared.js").write_text('export function shared() { return "second"; }\n')
    assert not js_bundle.is_current(static)
    assert '"second"' in js_bundle.build(static).read_text()
    assert oct(output.stat().st_mode & 0o777) == oct(0o644)  # readable by a server run as another user


def test_without_esbuild_or_an_entry_there_is_no_bundle(static, tmp_path):
    assert js_bundle.build(static, esbuild=tmp_path / "no-esbuild") is None
    os.remove(static / "js" / "book.js")
    assert js_bundle.build(static) is None


def test_the_books_bundle_is_current_once_the_app_has_started(book_app):
    assert js_bundle.is_current(book_app.state.settings.static_dir)
