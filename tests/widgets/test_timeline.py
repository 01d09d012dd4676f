"""The timeline against the chapter's table: one data source, read at build, sent back by the page."""

from __future__ import annotations

import re

import pytest

from engine.book_numbers.history_timeline import HISTORY, parse_timeline
from engine.widgets import timeline as demo
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch

TABLE_ROWS = [line for line in HISTORY.read_text(encoding="utf-8").splitlines()
              if re.match(r"^\| (≈)?\d{4}", line)]


def test_every_row_of_the_chapters_table_is_an_event_in_the_first_frame():
    r = dispatch("timeline", "initial", {})
    assert len(r["events"]) == len(TABLE_ROWS) > 20
    for row, event in zip(TABLE_ROWS, r["events"]):
        assert row.startswith(f"| {'≈' if event['end'] else ''}{event['year']}")
        link = re.search(r"\]\((\S+)\)", row)
        assert (event["href"] is None) == (link is None)
    assert [(w["start"], w["end"]) for w in r["winters"]] == [(1974, 1980), (1987, 1993)]
    assert r["events"][0]["href"] == "/chapters/history#the-mccullochpitts-neuron"
    assert r["events"][-1]["year"] == 2017 and "Transformer" in r["events"][-1]["title"]


def test_a_changed_table_is_what_the_figure_shows():
    text = "## A timeline from 1943 to 2017\n\n| Year | Milestone | Why | In this book |\n|---|---|---|---|\n" \
           "| 1950 | *A* made up | because | [There](/chapters/x#y) |\n| ≈1960–1962 | <span class=\"winter\">Cold</span> | brr | — |\n"
    events = parse_timeline(text)
    assert events == [
        {"year": 1950, "end": None, "title": "A made up", "why": "because", "where": "There", "href": "/chapters/x#y", "winter": False},
        {"year": 1960, "end": 1962, "title": "Cold", "why": "brr", "where": None, "href": None, "winter": True}]
    with pytest.raises(ValueError, match="cannot read the year"):
        parse_timeline(text.replace("| 1950 |", "| about 1950 |"))


def test_view_selects_the_latest_milestone_at_or_before_the_year_and_says_so():
    events = dispatch("timeline", "initial", {})["events"]
    r = dispatch("timeline", "view", {"events": events, "year": 1988})
    chosen = r["events"][r["selected"]]
    assert chosen["year"] == 1986 and "Rumelhart" in chosen["title"]
    assert "In 1988 the latest milestone is 1986" in r["description"] and "AI winter" in r["description"]
    early = dispatch("timeline", "view", {"events": events, "year": 1943})
    assert early["events"][early["selected"]]["year"] == 1943 and not early["in_winter"]


def test_taught_shows_only_milestones_with_a_chapter_elsewhere_and_lanes_never_crowd():
    events = dispatch("timeline", "initial", {})["events"]
    r = dispatch("timeline", "view", {"events": events, "show": "taught", "year": 2017})
    assert r["milestones"] and all(e["href"] and not e["href"].startswith("/chapters/history") for e in r["milestones"])
    assert len(r["milestones"]) < len([e for e in events if not e["winter"]])
    for lane in range(r["lanes"]):
        years = sorted(e["year"] for e in r["milestones"] if e["lane"] == lane)
        assert all(b - a >= demo.GAP_YEARS for a, b in zip(years, years[1:]))


@pytest.mark.parametrize("bad,field_text", [
    ([], "list of 1 to"),
    ([{"year": 1800, "title": "x"}], "events[0].year"),
    ([{"year": 1950, "title": "x", "href": "https://example.com"}], "events[0].href"),
    ([{"year": 1950, "title": ""}], "events[0].title"),
])
def test_events_sent_back_are_checked(bad, field_text):
    with pytest.raises(WidgetInputError) as e:
        dispatch("timeline", "view", {"events": bad})
    assert e.value.field == "events" and field_text in e.value.reason


def test_options_sent_with_the_events_are_checked_by_the_table():
    events = dispatch("timeline", "initial", {})["events"]
    with pytest.raises(WidgetInputError) as e:
        dispatch("timeline", "view", {"events": events, "year": 2020})
    assert e.value.field == "year"
