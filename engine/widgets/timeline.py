"""The history timeline (chapter 1): the chapter's dated milestones from 1943 to 2017.

One data source: the timeline table of ``content/01-history.md``, parsed at
build time by :mod:`engine.book_numbers.history_timeline` (build-only, not in
the browser's engine). ``initial`` is therefore a server call; its frame
carries the events, and the page sends them back with ``view``, which checks
them and lays out the frame for the reader's year and filter.

The layout: each event gets a lane (a row) so that markers closer than
``GAP_YEARS`` never share one; periods marked as winters become shaded bands.
The selected event is the last one dated at or before the reader's year.
"""

from __future__ import annotations

from .errors import WidgetInputError
from .options import Option, Options

GAP_YEARS = 3  # markers nearer than this go on different lanes
MAX_EVENTS = 80
CAPTION = "The milestones of this chapter from 1943 to 2017, with the two AI winters shaded; each links to where the book teaches its idea."
OPTIONS = Options(
    Option("show", "choice", "all", label="show",
           choices=[("all", "every milestone"), ("taught", "milestones this book teaches")]),
    Option("year", "integer", 1958, min=1943, max=2017, label="year"),
)
FIRST, LAST = OPTIONS["year"].min, OPTIONS["year"].max
BUILD_ONLY_INITIAL = True  # its events come from the book's text, which the browser's engine does not carry


def initial(options: dict) -> dict:
    from engine.book_numbers.history_timeline import history_events  # build-only: reads the chapter

    return frame(history_events(), options)


def _checked_events(events) -> list[dict]:
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS:
        raise WidgetInputError("events", f"must be the list of 1 to {MAX_EVENTS} events the first frame carried")
    out = []
    for i, e in enumerate(events):
        if not isinstance(e, dict):
            raise WidgetInputError("events", f"events[{i}]: must be an object")
        year, end = e.get("year"), e.get("end")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            raise WidgetInputError("events", f"events[{i}].year: must be a year between 1900 and 2100, got {year!r}")
        if end is not None and (isinstance(end, bool) or not isinstance(end, int) or not year <= end <= 2100):
            raise WidgetInputError("events", f"events[{i}].end: must be empty or a year from {year} to 2100, got {end!r}")
        texts = {k: e.get(k) for k in ("title", "why", "where", "href")}
        for key, value in texts.items():
            if value is not None and (not isinstance(value, str) or len(value) > 400):
                raise WidgetInputError("events", f"events[{i}].{key}: must be a text of at most 400 characters")
        if not isinstance(texts["title"], str) or not texts["title"]:
            raise WidgetInputError("events", f"events[{i}].title: must be a non-empty text")
        if texts["href"] is not None and not texts["href"].startswith("/"):
            raise WidgetInputError("events", f"events[{i}].href: must be a link inside the book (starting with /)")
        out.append({"year": year, "end": end, "title": texts["title"], "why": texts["why"] or "",
                    "where": texts["where"], "href": texts["href"], "winter": bool(e.get("winter"))})
    return out


def view(args: dict) -> dict:
    """The frame for the options in ``args`` and the ``events`` the first frame carried."""
    args = dict(args)
    events = _checked_events(args.pop("events", None))
    return frame(events, OPTIONS.validate(args))


def frame(events: list[dict], options: dict) -> dict:
    year, show = options["year"], options["show"]
    winters = [{"start": e["year"], "end": e["end"], "title": e["title"]} for e in events if e["winter"]]
    milestones = [dict(e, index=i) for i, e in enumerate(events) if not e["winter"]]
    if show == "taught":
        milestones = [e for e in milestones if e["href"] and not e["href"].startswith("/chapters/history")]
    lanes_end: list[int] = []
    for e in sorted(milestones, key=lambda e: e["year"]):
        lane = next((k for k, last in enumerate(lanes_end) if e["year"] - last >= GAP_YEARS), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(e["year"])
        lanes_end[lane] = e["year"]
        e["lane"] = lane
    before = [e for e in milestones if e["year"] <= year]
    selected = max(before, key=lambda e: (e["year"], e["index"])) if before else None
    in_winter = next((w for w in winters if w["start"] <= year <= w["end"]), None)
    shown = f"{len(milestones)} milestone{'s' if len(milestones) != 1 else ''}" + (" that this book teaches" if show == "taught" else "")
    if selected:
        href = selected["href"] or ""
        where = (" This chapter tells its story." if href.startswith("/chapters/history")
                 else f" The book teaches it in {selected['where']}." if href else "")
        latest = f"In {year} the latest milestone is {selected['year']}: {selected['title']} — {selected['why']}.{where}"
    else:
        latest = f"No milestone shown is dated {year} or earlier."
    winter = f" {year} falls in an AI winter: {in_winter['title']}, {in_winter['start']}–{in_winter['end']}." if in_winter else ""
    description = f"Timeline {FIRST}–{LAST}: {shown}, the two AI winters shaded. {latest}{winter}"
    return {
        "events": events, "milestones": milestones, "winters": winters, "lanes": max(1, len(lanes_end)),
        "year": year, "show": show, "selected": selected["index"] if selected else None,
        "range": [FIRST - 2, LAST + 2], "ticks": list(range(1950, LAST + 1, 10)),
        "in_winter": in_winter is not None, "description": description,
    }


CALLS = {"initial": initial, "view": view}
INPUTS = {"view": {"type": "object", "properties": {"events": {"type": "array", "items": {"type": "object"}}},
                   "required": ["events"]}}
