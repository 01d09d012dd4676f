"""bench/page_cpu.py: CPU before the first paint, read from a Chromium trace (a made-up trace here, no browser)."""

import math

import pytest

from bench.page_cpu import cpu_before

PAGE, OTHER = 10, 20  # renderer and browser process ids
MAIN, RASTER, BROWSER_MAIN = 1, 2, 3


def thread(pid, tid, name):
    return {"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}}


def task(pid, tid, start_ms, dur_ms, cpu_ms, name="RunTask"):
    return {"ph": "X", "name": name, "pid": pid, "tid": tid, "ts": 1_000_000 + start_ms * 1000,
            "dur": dur_ms * 1000, "tdur": cpu_ms * 1000}


def trace(*events):
    return {"traceEvents": [
        thread(PAGE, MAIN, "CrRendererMain"), thread(PAGE, RASTER, "CompositorTileWorker1"),
        thread(OTHER, BROWSER_MAIN, "CrBrowserMain"), thread(OTHER, 99, "CrRendererMain"),  # another renderer
        {"ph": "I", "name": "navigationStart", "pid": PAGE, "tid": MAIN, "ts": 1_000_000},
        {"ph": "I", "name": "firstContentfulPaint", "pid": PAGE, "tid": MAIN, "ts": 1_000_000 + 100_000},
        *events]}


def test_counts_thread_cpu_of_top_level_tasks_before_the_paint_not_wall_time_nor_nested_events():
    result = cpu_before(trace(
        task(PAGE, MAIN, 10, 30, 12),               # a task: 30 ms wall, 12 ms on the CPU
        task(PAGE, MAIN, 12, 20, 9, "ParseHTML"),   # nested in it: not counted again
        task(PAGE, MAIN, 50, 10, 10),
        task(PAGE, MAIN, 150, 10, 10),              # after the paint, before the frame
    ), fcp_ms=100, frame_ms=200)
    assert result["main_fcp"] == pytest.approx(22)
    assert result["main_frame"] == pytest.approx(32)


def test_a_task_that_straddles_the_paint_counts_in_proportion():
    result = cpu_before(trace(task(PAGE, MAIN, 80, 40, 20)), fcp_ms=100, frame_ms=None)
    assert result["main_fcp"] == pytest.approx(10)  # half of it lies before the paint
    assert math.isnan(result["main_frame"])


def test_all_processes_add_every_thread_but_requests_count_only_the_page_once_each():
    send = lambda pid, at, rid: {"ph": "I", "name": "ResourceSendRequest", "pid": pid, "tid": MAIN,  # noqa: E731
                                 "ts": 1_000_000 + at * 1000, "args": {"data": {"requestId": rid}}}
    result = cpu_before(trace(
        task(PAGE, MAIN, 0, 10, 5), task(PAGE, RASTER, 20, 10, 7), task(OTHER, BROWSER_MAIN, 30, 10, 3),
        task(OTHER, 99, 0, 50, 50),  # the other renderer's main thread is not the page's...
        send(PAGE, 5, "a"), send(PAGE, 6, "a"), send(PAGE, 7, "b"), send(PAGE, 150, "c"), send(OTHER, 5, "d"),
    ), fcp_ms=100, frame_ms=None)
    assert result["main_fcp"] == pytest.approx(5)
    assert result["all_fcp"] == pytest.approx(5 + 7 + 3 + 50)  # ...but it competes for the cores all the same
    assert result["requests_fcp"] == 2  # a and b; c came after the paint, d from another process


def test_a_trace_without_a_first_paint_is_refused():
    with pytest.raises(ValueError, match="firstContentfulPaint"):
        cpu_before({"traceEvents": [thread(PAGE, MAIN, "CrRendererMain")]}, fcp_ms=100, frame_ms=None)


def test_font_lookups_count_the_outermost_before_the_paint_and_the_browser_calls_in_them():
    result = cpu_before(trace(
        task(PAGE, MAIN, 10, 30, 5, "FontCache::GetFontPlatformData"),         # a lookup of 30 ms, most of it waiting...
        task(PAGE, MAIN, 12, 25, 1, "FontCache::GetFontPlatformData"),         # ...(nested: the same lookup)
        task(PAGE, MAIN, 13, 20, 0, "WebSandboxSupportLinux::GetWebFontRenderStyleForStrike"),  # ...on the browser
        task(PAGE, MAIN, 50, 4, 3, "FontCache::GetFontPlatformData"),
        task(PAGE, MAIN, 51, 2, 0, "FontDataManager::onMatchFamilyStyle"),
        task(PAGE, MAIN, 98, 5, 1, "FontCache::GetFontPlatformData"),          # ends after the paint
        task(PAGE, RASTER, 20, 10, 1, "FontCache::GetFontPlatformData"),       # not the main thread
    ), fcp_ms=100, frame_ms=None)
    assert result["font_lookups_fcp"] == 2
    assert result["font_ms_fcp"] == pytest.approx(34)
    assert result["font_ipc_fcp"] == 2
    assert result["font_ipc_ms_fcp"] == pytest.approx(22)
