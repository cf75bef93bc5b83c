import { ClientSession } from "@aiots/http";
import { coroutine, currentTask, gather, getRunningLoop } from "@aiots/tasks";
import type { Scenario } from "../scenario.js";
import { startDemoServer, type DemoServer } from "../server/demo-server.js";
import { EXAMPLE_HOSTS } from "../server/example-page.js";

/** The embedded server's latency when `--latency` is not given, ms. */
export const DEFAULT_FETCH_LATENCY_MS = 1000;

/**
 * The article's aiohttp example: three pages fetched at once with one session and
 * `gather`, each length printed. By default against the embedded server playing
 * example.com/org/net with a set latency: all three take one latency, not three.
 *
 * ```python
 * async def fetch(session, url):
 *     async with session.get(url) as response:
 *         return await response.text()
 *
 * async def main():
 *     urls = ['https://example.com', 'https://example.org', 'https://example.net']
 *     async with aiohttp.ClientSession() as session:
 *         tasks = [fetch(session, url) for url in urls]
 *         results = await asyncio.gather(*tasks)
 *         for result in results:
 *             print(len(result))
 * ```
 */
export const gatherFetch: Scenario = {
  name: "gather-fetch",
  summary: "three pages at once with one ClientSession and gather: one latency, not three",
  async main({ print, latencyMs, urls, reportLatency }) {
    const real = urls.length > 0;
    const targets = real ? urls : EXAMPLE_HOSTS.map((host) => `https://${host}`);
    let server: DemoServer | undefined;
    if (!real) {
      const loop = getRunningLoop();
      const latency = latencyMs ?? DEFAULT_FETCH_LATENCY_MS;
      // The latency is a loop timer, so it is exact on the virtual clock.
      server = await startDemoServer({
        latencyMs: latency,
        schedule: (ms, fn) => void loop.callLater(ms, fn),
      });
      reportLatency(latency);
    }
    // Against the embedded server no client timer is needed (and none may fire while the
    // virtual clock waits for loopback I/O); real hosts get 10 s.
    const session = new ClientSession({
      timeout: real ? { total: 10_000 } : { total: 0, sockConnect: 0 },
    });
    const fetch = coroutine(async function fetch(url: string): Promise<string> {
      // gather made this coroutine a task: name it after its URL for the timeline.
      currentTask()?.setName(`fetch ${new URL(url).host}`);
      const target = server?.route(url);
      const response = await session.get(
        target?.url ?? url,
        target ? { headers: { host: target.host } } : {},
      );
      try {
        return await response.text();
      } finally {
        response.release();
      }
    });
    try {
      const results = await gather(targets.map((url) => fetch(url)));
      for (const result of results) print(String(result.length));
    } finally {
      await session.close();
      await server?.close();
    }
  },
};
