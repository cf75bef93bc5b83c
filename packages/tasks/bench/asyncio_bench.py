"""CPython asyncio baselines for bench/index.ts: prints one JSON object {workload: ms}.

Same workloads as the TypeScript side; times are measured inside asyncio.run(main) so the
loop's startup and shutdown are excluded, as they are on the TypeScript side.
"""
import asyncio
import gc
import json
import sys
import time
import tracemalloc

N = 100_000


async def trivial():
    return 1


async def gather_trivial():
    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(trivial()) for _ in range(N)])
    return (time.perf_counter() - t0) * 1000


async def sleeping():
    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(asyncio.sleep((i % 100) / 1000)) for i in range(N)])
    return (time.perf_counter() - t0) * 1000


async def semaphore():
    sem = asyncio.Semaphore(100)

    async def job():
        async with sem:
            await asyncio.sleep(0)

    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(job()) for _ in range(N)])
    return (time.perf_counter() - t0) * 1000


async def queue():
    q = asyncio.Queue(1000)

    async def consumer():
        while True:
            await q.get()
            q.task_done()

    t0 = time.perf_counter()
    consumers = [asyncio.create_task(consumer()) for _ in range(10)]
    for i in range(N):
        await q.put(i)
    await q.join()
    elapsed = (time.perf_counter() - t0) * 1000
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    return elapsed


async def cancel():
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(asyncio.sleep(10)) for _ in range(N)]
    await asyncio.sleep(0)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return (time.perf_counter() - t0) * 1000


async def memory():
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(asyncio.sleep(10)) for _ in range(N)]
    await asyncio.sleep(0)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return (after - before) / N  # bytes per pending task


WORKLOADS = {
    "gather": gather_trivial,
    "sleep": sleeping,
    "semaphore": semaphore,
    "queue": queue,
    "cancel": cancel,
    "memory": memory,
}

if __name__ == "__main__":
    names = sys.argv[1:] or list(WORKLOADS)
    # Best of as many runs as bench/index.ts takes of the same workload (fair either way).
    repeats = {"gather": 5, "sleep": 2, "semaphore": 5, "queue": 5, "cancel": 5, "memory": 1}
    out = {}
    for name in names:
        results = [asyncio.run(WORKLOADS[name]()) for _ in range(repeats[name])]
        out[name] = min(results)
    print(json.dumps(out))
