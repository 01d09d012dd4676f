"""The glossary and index: built from the terms the pages mark with ``{term}`…```.

Every entry must lead to the ``<dfn>`` where the book defines the term, quote
a sentence that contains that definition, and the book's key words must all
be there. (tests/content/test_links.py also requests every glossary link
from the running app.)
"""

from __future__ import annotations

import re

from tests.content.content_html import plain

ENTRY = re.compile(r'<dt id="([^"]+)"><a href="([^"#]+)#([^"]+)">(.*?)</a></dt>\s*<dd><p>(.*?)</p>', re.S)
KEY_TERMS = (
    "perceptron",
    "backpropagation",
    "activation function",
    "loss function",
    "cost",
    "gradient descent",
    "learning rate",
    "epoch",
    "mini-batch",
    "forward propagation",
    "hidden layer",
    "sigmoid",
    "ReLU",
    "softmax",
    "overfitting",
    "regularization",
    "dropout",
    "weight decay",
    "early stopping",
    "batch normalization",
    "universal approximation theorem",
    "convolutional neural network",
    "recurrent neural network",
    "Transformer",
)


def entries(book):
    glossary = book.pages.get("glossary")
    assert glossary is not None, "no glossary page: no {term} roles found in content/*.md?"
    return [
        {"id": m[1], "path": m[2], "anchor": m[3], "entry": plain(m[4]), "sentence": m[5]}
        for m in ENTRY.finditer(glossary.html)
    ]


def page_at(book, path: str):
    return next((p for p in [*book.chapters, *book.pages.values()] if p.url == path), None)


def test_key_terms_are_in_the_glossary(book):
    names = {e["entry"] for e in entries(book)}
    missing = [t for t in KEY_TERMS if t not in names]
    assert not missing, f"key terms without a glossary entry (mark their definition with {{term}}): {missing}"


def test_every_entry_links_to_the_place_that_defines_it(book):
    problems = []
    for e in entries(book):
        page = page_at(book, e["path"])
        if page is None:
            problems.append(f"{e['entry']}: no page at {e['path']}")
        elif e["anchor"] not in page.anchors:
            problems.append(f"{e['entry']}: {e['path']} has no anchor #{e['anchor']}")
        elif f'id="{e["anchor"]}" data-term=' not in page.html:
            problems.append(f"{e['entry']}: #{e['anchor']} on {e['path']} is not a defined term")
    assert len(entries(book)) >= len(KEY_TERMS)
    assert not problems, "\n".join(problems)


def test_every_entry_quotes_its_defining_sentence(book):
    for e in entries(book):
        sentence = e["sentence"]
        assert '<dfn class="term">' in sentence, f"{e['entry']}: the quoted sentence lost the defined term: {sentence!r}"
        assert sentence.count("<dfn") == 1, f"{e['entry']}: only the entry's own term is highlighted: {sentence!r}"
        text = plain(sentence)
        assert 3 <= len(text.split()) <= 80, f"{e['entry']}: not one sentence: {text!r}"
        assert ' id="' not in sentence, f"{e['entry']}: the quote repeats an id of its source page"
        assert 'href="#' not in sentence, f"{e['entry']}: a page-local link would break on the glossary page"


def test_entries_are_alphabetical_under_letter_headings(book):
    names = [e["entry"] for e in entries(book)]
    assert names == sorted(names, key=str.casefold)
    glossary = book.pages["glossary"].html
    letters = re.findall(r'<h2 id="letter-[a-z]+">(.)</h2>', glossary)
    assert letters == sorted(set(n[0].upper() for n in names))
    jumps = re.findall(r'<a href="#(letter-[a-z]+)">', glossary)
    assert jumps == [f"letter-{letter.lower()}" for letter in letters], "the row of letters must lead to every heading"


def test_notation_page_and_glossary_point_to_each_other(book):
    assert 'href="/glossary"' in book.pages["notation"].html
    glossary = book.pages["glossary"].html
    assert 'href="/notation"' in glossary
    for entry in book.pages["notation"].toc:
        if entry.level == 2:
            assert f'href="/notation#{entry.id}"' in glossary, f"the glossary does not link notation section {entry.id}"


def test_glossary_is_served_and_linked_from_every_page(book_app):
    from fastapi.testclient import TestClient

    with TestClient(book_app) as client:
        glossary = client.get("/glossary")
        assert glossary.status_code == 200 and "<h1>Glossary and index</h1>" in glossary.text
        assert 'href="/chapters/perceptron#term-perceptron"' in glossary.text
        for path in ("/", "/chapters/perceptron", "/notation"):
            assert 'href="/glossary"' in client.get(path).text, f"{path} does not link to the glossary"
