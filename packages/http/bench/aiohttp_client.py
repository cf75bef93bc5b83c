"""aiohttp baseline for bench/index.ts: N GETs at a given concurrency; prints JSON."""
import asyncio
import json
import sys
import time

import aiohttp


async def main(url: str, n: int, concurrency: int) -> None:
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        remaining = n

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                async with session.get(url) as response:
                    await response.read()

        # warm-up
        async with session.get(url) as response:
            await response.read()
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "n": n}))


asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
