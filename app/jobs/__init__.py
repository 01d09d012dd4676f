"""Heavy demos as server jobs: admission, worker processes with limits, progress events, a disk cache.

- ``settings``: the limits and sizes (pool, queue, per-client cap, time, memory, cache directory);
- ``cache``: results on disk keyed by demo, parameters (seed included) and engine version;
- ``worker``: what runs inside a worker process (rlimits, progress through a pipe);
- ``process``: one worker process seen from the server (start, read, kill);
- ``job``: one job's record and its event log;
- ``manager``: the queue and the pool -- admission (429), dispatch, cancel, time limit, abandonment;
- ``sse``: the event log as Server-Sent Events.

The demos themselves (their mathematics and option tables) live in ``engine/jobs``.
"""
