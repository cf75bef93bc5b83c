"""CPython side of the cold bench: `python3 cold_asyncio.py <row> [--heap]` runs one row once,
timed around asyncio.run(main()), and prints one JSON line like measure.mjs: ms, cpuMs (process
CPU time), gcMs (time in
the cyclic collector, from gc.callbacks; reference counting frees are not in it), maxRssMB and,
for the 1M row with --heap, heapPerTask (growth of the resident set per pending task, from
/proc/self/statm: tracemalloc would take minutes; that run's time is not reported)."""
import asyncio
import gc
import json
import resource
import sys
import time

N = 100_000
N_1M = 1_000_000


async def gather_trivial():
    async def trivial(i):
        return i

    await asyncio.gather(*[asyncio.create_task(trivial(i)) for i in range(N)])


async def sleep_tasks():
    async def job(i):
        await asyncio.sleep((i % 100) / 1000)
        return i

    await asyncio.gather(*[asyncio.create_task(job(i)) for i in range(N)])


async def semaphore():
    sem = asyncio.Semaphore(100)

    async def job(i):
        async with sem:
            await asyncio.sleep(0)
        return i

    await asyncio.gather(*[asyncio.create_task(job(i)) for i in range(N)])


async def queue():
    q = asyncio.Queue(1000)

    async def consumer():
        while True:
            await q.get()
            q.task_done()

    consumers = [asyncio.create_task(consumer()) for _ in range(10)]
    for i in range(N):
        await q.put(i)
    await q.join()
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)


async def cancel():
    async def job():
        await asyncio.sleep(10)

    tasks = [asyncio.create_task(job()) for _ in range(N)]
    await asyncio.sleep(0)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def link(depth):
    if depth == 0:
        await asyncio.sleep(0)
        return 0
    return await link(depth - 1) + 1


async def chain():
    await asyncio.gather(*[asyncio.create_task(link(9)) for _ in range(N)])


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


async def sleepers_1m(heap):
    async def job(i):
        await asyncio.sleep(1)
        return i

    if heap:
        gc.collect()
        before = resident_bytes()
    tasks = [asyncio.create_task(job(i)) for i in range(N_1M)]
    await asyncio.sleep(0)
    extra = {}
    if heap:
        extra["heapPerTask"] = (resident_bytes() - before) / N_1M
    await asyncio.gather(*tasks)
    return extra


ROWS = {
    "gather": gather_trivial,
    "sleep": sleep_tasks,
    "semaphore": semaphore,
    "queue": queue,
    "cancel": cancel,
    "chain": chain,
    "sleepers-1m": sleepers_1m,
}


def main():
    name = sys.argv[1]
    heap = "--heap" in sys.argv[2:]
    gc_seconds = 0.0
    started = 0.0

    def on_gc(phase, _info):
        nonlocal gc_seconds, started
        if phase == "start":
            started = time.perf_counter()
        else:
            gc_seconds += time.perf_counter() - started

    gc.callbacks.append(on_gc)
    coro = ROWS[name](heap) if name == "sleepers-1m" else ROWS[name]()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    extra = asyncio.run(coro) or {}
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - cpu0) * 1000
    gc.callbacks.remove(on_gc)
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": ms, "cpuMs": cpu_ms, "gcMs": gc_seconds * 1000, "maxRssMB": max_rss_mb, **extra}))


main()
