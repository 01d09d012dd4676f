"""bench/cold_paint.py: the cold first paint of two checkouts beside the floor (no browser here: the
pure parts, and the rounds with a stand-in for the browser's load)."""

from pathlib import Path

import pytest

from bench import cold_paint
from bench.cold_paint import FLOOR, paired, report, summary, trees_from


def checkout(tmp_path: Path, name: str) -> Path:
    tree = tmp_path / name
    (tree / ".venv" / "bin").mkdir(parents=True)
    (tree / ".venv" / "bin" / "nnbook").write_text("#!/bin/sh\n")
    return tree


def test_the_trees_are_this_checkout_unless_named(tmp_path):
    assert trees_from(None) == [cold_paint.ROOT]
    assert trees_from("") == [cold_paint.ROOT]
    a, b = checkout(tmp_path, "a"), checkout(tmp_path, "b")
    assert trees_from(f"{a},{b}") == [a, b]


def test_a_tree_that_cannot_serve_is_refused_by_name(tmp_path):
    bare = tmp_path / "not-installed"
    bare.mkdir()
    with pytest.raises(SystemExit, match="not-installed: no .venv/bin/nnbook; run `make install` there first"):
        trees_from(f"{checkout(tmp_path, 'a')},{bare}")


def test_the_same_tree_twice_is_refused(tmp_path):
    a = checkout(tmp_path, "a")
    with pytest.raises(SystemExit, match="same checkout twice"):
        trees_from(f"{a},{a}")


def test_summary_is_the_median_and_quartiles_of_what_was_measured():
    s = summary([250.0, None, 230.0, 270.0, 240.0, 260.0])
    assert s["n"] == 5 and s["median"] == 250.0
    assert s["q1"] < s["median"] < s["q3"]
    assert summary([None, None]) == {"n": 0, "median": None, "q1": None, "q3": None}
    assert summary([120.0])["median"] == 120.0


def test_paired_counts_the_rounds_the_second_won_and_the_median_difference():
    p = paired([250.0, 240.0, 260.0, None], [230.0, 250.0, 220.0, 200.0])
    assert p == {"pairs": 3, "second_won": 2, "median_difference": -20.0}
    assert paired([None], [1.0])["pairs"] == 0


def test_every_page_is_loaded_once_a_round_in_a_new_order_and_the_first_round_is_not_kept(monkeypatch):
    loads, orders = [], []
    clock = iter(range(1000))

    def fake_load(browser, url):
        loads.append(url)
        return {"fcp": float(next(clock)), "frame": None}

    def shuffle(order):
        order.reverse() if len(orders) % 2 else None
        orders.append(list(order))

    monkeypatch.setattr(cold_paint, "load", fake_load)
    urls = {FLOOR: "http://f/floor", "/a": "http://a/ch", "/b": "http://b/ch"}
    results = cold_paint.measure(None, urls, rounds=4, shuffle=shuffle)
    assert len(loads) == 3 * 5 and len(orders) == 5
    assert orders[0] != orders[1]  # the order changes between rounds
    assert {name: len(r) for name, r in results.items()} == {FLOOR: 4, "/a": 4, "/b": 4}
    assert min(r["fcp"] for rs in results.values() for r in rs) == 3.0  # the unrecorded first round: loads 0-2


def test_the_report_names_each_page_and_which_tree_painted_first(tmp_path):
    a, b = tmp_path / "old", tmp_path / "new"
    results = {FLOOR: [{"fcp": 100.0, "frame": 110.0}] * 3,
               str(a): [{"fcp": 260.0, "frame": None}, {"fcp": 250.0, "frame": None}, {"fcp": 240.0, "frame": None}],
               str(b): [{"fcp": 230.0, "frame": 225.0}, {"fcp": 255.0, "frame": 250.0}, {"fcp": 235.0, "frame": 230.0}]}
    lines = report(results, [a, b])
    assert "first paint    100 ms" in lines[0] and "first figure frame    110 ms" in lines[0]
    assert str(a) in lines[1] and "first figure frame      —" in lines[1]  # a book too old to mark its figures
    assert "first paint    235 ms" in lines[2]
    assert lines[3] == "  new painted first in 2 of 3 rounds (median difference -5 ms)"
