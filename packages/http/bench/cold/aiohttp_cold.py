"""aiohttp side of the cold HTTP bench: `python3 aiohttp_cold.py <url> <n>` makes n GETs at
concurrency 64, timed once around asyncio.run(main()) (session creation and close included,
no warm-up request), and prints one JSON line as client.mjs does: ms, cpuMs, gcMs, maxRssMB."""
import asyncio
import gc
import json
import resource
import sys
import time

import aiohttp

CONCURRENCY = 64


async def main(url, n):
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        remaining = n

        async def worker():
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                async with session.get(url) as response:
                    await response.read()

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


def measure(url, n):
    gc_seconds = 0.0
    started = 0.0

    def on_gc(phase, _info):
        nonlocal gc_seconds, started
        if phase == "start":
            started = time.perf_counter()
        else:
            gc_seconds += time.perf_counter() - started

    gc.callbacks.append(on_gc)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    asyncio.run(main(url, n))
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - cpu0) * 1000
    gc.callbacks.remove(on_gc)
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": ms, "cpuMs": cpu_ms, "gcMs": gc_seconds * 1000, "maxRssMB": max_rss_mb}))


measure(sys.argv[1], int(sys.argv[2]))
