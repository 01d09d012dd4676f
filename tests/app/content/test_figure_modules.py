"""The modules a page's figures need, in the order the page preloads them (app/content/figure_modules.py)."""

from __future__ import annotations

from pathlib import Path

from app.content.figure_modules import figure_modules, module_graph, preloader
from app.settings import Settings

STATIC = Path(Settings().static_dir)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_graph_follows_relative_imports_once_each_and_skips_bare_or_missing_ones(tmp_path):
    static = write(tmp_path, {
        "js/a.js": 'import { b } from "./b.js";\nimport "./c.js";\nimport x from "lib";\nimport { y } from "./missing.js";\n',
        "js/b.js": 'import { c } from "./c.js";\n',
        "js/c.js": 'import { a } from "./a.js";\n',  # a cycle ends
    })
    assert module_graph(static, ["js/a.js"]) == ["/static/js/a.js", "/static/js/b.js", "/static/js/c.js"]


def test_the_first_figure_s_whole_graph_comes_before_what_the_others_add(tmp_path):
    static = write(tmp_path, {
        "js/runtime.js": 'import { s } from "./site.js";\n',
        "js/site.js": "",
        "js/figure-mount.js": 'import { r } from "./runtime.js";\n',
        "js/draw.js": "",
        "js/draw-extra.js": 'import { d } from "./draw.js";\n',
        "js/widgets/one.js": 'import { d } from "../draw.js";\n',
        "js/widgets/two.js": 'import { e } from "../draw-extra.js";\nimport { d } from "../draw.js";\n',
    })
    assert figure_modules(static, ["two", "one", "two"]) == [
        "/static/js/runtime.js", "/static/js/figure-mount.js", "/static/js/widgets/two.js", "/static/js/site.js",
        "/static/js/draw-extra.js", "/static/js/draw.js",
        "/static/js/widgets/one.js",  # the second figure adds only its own module
    ]


def test_the_perceptron_chapter_preloads_the_first_figure_before_the_others():
    modules = figure_modules(STATIC, ["perceptron", "logic-gates", "step-vs-sigmoid"])
    first = module_graph(STATIC, ["js/runtime.js", "js/figure-mount.js", "js/widgets/perceptron.js"])
    assert modules[: len(first)] == first
    assert modules.index("/static/js/widgets/perceptron.js") < modules.index("/static/js/widgets/logic-gates.js")
    assert len(modules) == len(set(modules))


def test_the_preloader_takes_a_list_or_a_comma_separated_string_alike():
    preloads = preloader(STATIC)
    assert preloads(["perceptron", "logic-gates"]) == preloads("perceptron,logic-gates") == figure_modules(
        STATIC, ["perceptron", "logic-gates"])
