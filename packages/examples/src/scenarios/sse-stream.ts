import { ClientSession } from "@aiots/http";
import { CancelledError, createTask, Event, getRunningLoop } from "@aiots/tasks";
import type { Scenario } from "../scenario.js";
import { startTokenServer } from "../streaming/token-server.js";

/** Tokens printed before the reader is cancelled. */
export const SSE_TOKENS_BEFORE_CANCEL = 6;
/** The embedded server's pace: one token every this many ms (unless `--latency`). */
export const SSE_INTERVAL_MS = 50;

/**
 * Tokens streamed as Server-Sent Events by an embedded server (as LLM APIs stream), read with
 * `for await (const event of session.sse(url))` and printed as they arrive; after
 * {@link SSE_TOKENS_BEFORE_CANCEL} tokens the main task cancels the reader, which ends the
 * stream at the chunk it waits for, and the server sees the client hang up.
 *
 * ```python
 * async with session.get(url) as response:      # aiohttp-sse-client style
 *     async for event in response.content:       # ...one token at a time
 *         print(json.loads(event.data)["token"])
 * ```
 */
export const sseStream: Scenario = {
  name: "sse-stream",
  summary: `tokens streamed as Server-Sent Events, printed as they arrive, cancelled after ${SSE_TOKENS_BEFORE_CANCEL}`,
  // Each token is a loop timer on the server and a chunk over loopback: give the chunk time
  // to arrive before the virtual clock jumps to the next token.
  autojumpThresholdMs: 100,
  async main({ print, now, latencyMs, reportLatency }) {
    const loop = getRunningLoop();
    const intervalMs = latencyMs ?? SSE_INTERVAL_MS;
    reportLatency(intervalMs);
    const server = await startTokenServer({
      intervalMs,
      schedule: (ms, fn) => void loop.callLater(ms, fn),
    });
    // No client deadline: the stream has no natural end, the cancellation ends it.
    const session = new ClientSession({ timeout: { total: 0, sockConnect: 0 } });
    const enough = new Event();
    let received = 0;
    const reader = createTask(
      async () => {
        for await (const event of session.sse(server.url)) {
          if (event.data === "[DONE]") break;
          const { token } = JSON.parse(event.data) as { token: string };
          received++;
          print(
            `${String(Math.round(now())).padStart(4)} ms  #${event.lastEventId} ${JSON.stringify(token)}`,
          );
          if (received === SSE_TOKENS_BEFORE_CANCEL) enough.set();
        }
      },
      { name: "read tokens" },
    );
    try {
      await enough.wait();
      reader.cancel("enough tokens");
      try {
        await reader;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
      }
      print(`cancelled the reader after ${received} tokens at ${Math.round(now())} ms`);
      await server.clientGone;
      print("the server saw the client hang up and stopped streaming");
    } finally {
      await session.close();
      await server.close();
    }
  },
};
