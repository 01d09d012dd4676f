"""bench/first_paint_parts.py: the chapter rebuilt from the floor page one part at a time (made-up pages, no browser)."""

import pytest

from bench.first_paint_parts import parts, write

FLOOR = "<!doctype html><html><head><title>Floor</title></head><body><p>floor text</p></body></html>"
HEAD = '<!doctype html><html><head><script>boot()</script><style id="book-css" data-version="1">p{}</style></head>'
SITE = '<body><header>site</header><main><h1>Title</h1>'
TEXT = '<nav class="toc">contents</nav><p>before</p><figure class="widget">figure</figure>'
REST = "<p>after the figure</p></main></body></html>"
CHAPTER = HEAD + SITE + TEXT + REST


def test_each_step_adds_one_part_of_the_chapter_to_the_one_before():
    steps = [html for _label, html in parts(CHAPTER, FLOOR)]
    floor, styled, headed, site, figure, whole = steps
    assert floor == FLOOR
    assert styled == FLOOR.replace("</head>", '<style id="book-css" data-version="1">p{}</style></head>')
    assert headed == HEAD + "<body><p>floor text</p></body></html>"  # the chapter's head, the floor's body
    assert site.startswith(HEAD + SITE) and "toc" not in site and site.rstrip().endswith("</body></html>")
    assert figure.startswith(HEAD + SITE + TEXT) and "after the figure" not in figure
    assert whole == CHAPTER
    assert [len(html) for html in steps[2:]] == sorted(len(html) for html in steps[2:])


@pytest.mark.parametrize("missing, named", [('<nav class="toc">', "table of contents"), ("</figure>", "figure"),
                                            ('<style id="book-css" data-version="1">p{}</style>', "stylesheet")])
def test_a_chapter_without_a_part_is_refused_naming_it(missing, named):
    with pytest.raises(ValueError, match=named):
        parts(CHAPTER.replace(missing, ""), FLOOR)


def test_the_steps_are_written_where_the_bench_server_serves_them(tmp_path):
    steps = parts(CHAPTER, FLOOR)
    paths = write(steps, tmp_path)
    assert paths == [f"/__bench/parts/step-{n}.html" for n in range(len(steps))]
    assert (tmp_path / "step-5.html").read_text(encoding="utf-8") == CHAPTER
