"""A job's event log as Server-Sent Events (``text/event-stream``).

Each event is written as ``id``, ``event`` and one ``data`` line of JSON, so a
browser's ``EventSource`` (or any client) can resume with ``Last-Event-ID``.
The stream replays what the client has not seen, then waits for more; a
comment line every few seconds keeps proxies from closing it and lets the
server notice a reader who left. While the stream is open the job counts as
watched; when the last stream closes the abandonment clock starts.
"""

from __future__ import annotations

import asyncio
import json

from .job import FINAL, Job

HEARTBEAT_S = 5.0


def format_event(event: dict) -> str:
    data = json.dumps(event["data"], separators=(",", ":"), allow_nan=False)
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {data}\n\n"


async def stream(manager, job: Job, last_event_id: int = 0):
    manager.listening(job, +1)
    try:
        sent = last_event_id
        yield "retry: 2000\n\n"
        while True:
            changed = job.changed()  # taken before reading, so no event slips between read and wait
            for event in job.events[sent:]:
                yield format_event(event)
                sent = event["id"]
                if event["type"] in FINAL:
                    return
            try:
                await asyncio.wait_for(changed.wait(), HEARTBEAT_S)
            except asyncio.TimeoutError:
                manager.listening(job, 0)  # still here: refresh last_seen
                yield ": keep-alive\n\n"
    finally:
        manager.listening(job, -1)


JOURNAL_POLL_S = 0.2


async def stream_journal(journal, job_id: str, last_event_id: int = 0):
    """The same stream for a job that runs in another instance: tail its journal on the shared disk."""
    sent, quiet = last_event_id, 0.0
    yield "retry: 2000\n\n"
    while True:
        record = journal.read(job_id)
        events = record[1] if record else []
        for event in events[sent:]:
            yield format_event(event)
            sent = event["id"]
            if event["type"] in FINAL:
                return
        journal.touch_seen(job_id)  # a reader is here: the owner must not treat the job as abandoned
        await asyncio.sleep(JOURNAL_POLL_S)
        quiet += JOURNAL_POLL_S
        if quiet >= HEARTBEAT_S:
            quiet = 0.0
            yield ": keep-alive\n\n"
