// Retries: off by default; exponential backoff with jitter, Retry-After (RFC 9110 §10.2.3,
// delta-seconds and HTTP-date), idempotent methods only unless asked, a cap on the total
// time. Backoff sleeps run on the loop's (virtual) clock.
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import { createTask, sleep } from "@aiots/tasks";
import { CancelledError } from "@aiots/loop";
import {
  ClientConnectionError,
  ClientConnectorError,
  ClientSession,
  TotalTimeoutError,
  parseRetryAfter,
  type TraceConfig,
} from "../src/index.js";
import { backoffDelay, resolveRetry } from "../src/retry.js";
import { closedPort, failure, inLoop, inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();
let ids = 0;
const flaky = (query: string): string => http.url(`/flaky?id=r${++ids}&${query}`);

describe("retries", () => {
  it("are off by default", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      expect((await session.get(flaky("failures=1&status=503"))).status).toBe(503);
    });
  });

  it("retry 503 until success, honouring Retry-After in seconds on the loop clock", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ retry: true });
      const start = loop.time();
      const response = await session.get(flaky("failures=2&status=503&retryAfter=2"));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ attempt: 3 });
      expect(loop.time() - start).toBeGreaterThanOrEqual(4000);
    });
  });

  it("honour a Retry-After HTTP-date on 429", async () => {
    await inVirtualLoop(async () => {
      const retries: number[] = [];
      const trace: TraceConfig = { onRequestRetry: (event) => retries.push(event.delay) };
      await using session = new ClientSession({ retry: true, trace });
      const date = encodeURIComponent(new Date(Date.now() + 3000).toUTCString());
      const response = await session.get(flaky(`failures=1&status=429&retryAfter=${date}`));
      expect(response.status).toBe(200);
      expect(retries).toHaveLength(1);
      expect(retries[0]).toBeGreaterThan(1000);
      expect(retries[0]).toBeLessThanOrEqual(3000);
    });
  });

  it("give up and return the response when Retry-After exceeds maxRetryAfter", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ retry: { maxRetryAfter: 1000 } });
      const url = flaky("failures=5&status=503&retryAfter=120");
      const response = await session.get(url);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("120");
    });
  });

  it("stop after `attempts` and return the last response", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ retry: { attempts: 3, initialDelay: 10 } });
      const response = await session.get(flaky("failures=10&status=500"));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ attempt: 3 });
    });
  });

  it("do not retry POST unless retry.methods includes it", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ retry: { initialDelay: 10 } });
      expect((await session.post(flaky("failures=1&status=503"))).status).toBe(503);
      const allowed = await session.post(flaky("failures=1&status=503"), {
        retry: { methods: ["POST"], initialDelay: 10 },
        data: "x",
      });
      expect(allowed.status).toBe(200);
    });
  });

  it("retry connection errors with exponential backoff, then raise the last error", async () => {
    const port = await closedPort();
    await inVirtualLoop(async () => {
      const delays: number[] = [];
      const trace: TraceConfig = { onRequestRetry: (event) => delays.push(event.delay) };
      await using session = new ClientSession({
        retry: { attempts: 4, initialDelay: 100, factor: 2, jitter: false },
        trace,
      });
      expect(await failure(session.get(`http://127.0.0.1:${port}/`))).toBeInstanceOf(
        ClientConnectorError,
      );
      expect(delays).toEqual([100, 200, 400]);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("cap the total time with maxElapsed", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ retry: { attempts: 10, maxElapsed: 5000 } });
      const response = await session.get(flaky("failures=10&status=503&retryAfter=2"));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ attempt: 3 });
    });
  });

  it("a backoff sleep is a cancellation point of the task", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ retry: true });
      const task = createTask(() => session.get(flaky("failures=5&status=503&retryAfter=30")));
      await sleep(1000);
      task.cancel();
      expect(await failure(task)).toBeInstanceOf(CancelledError);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("retry: false on a request turns the session's retries off", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ retry: true });
      const response = await session.get(flaky("failures=1&status=503"), { retry: false });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ attempt: 1 });
    });
  });

  it("honour Retry-After on 429 and 503 only: a 500's is ignored for the backoff", async () => {
    await inVirtualLoop(async () => {
      const delays: number[] = [];
      const trace: TraceConfig = { onRequestRetry: (event) => delays.push(event.delay) };
      await using session = new ClientSession({
        retry: { initialDelay: 100, jitter: false },
        trace,
      });
      const response = await session.get(flaky("failures=1&status=500&retryAfter=30"));
      expect(response.status).toBe(200);
      expect(delays).toEqual([100]);
    });
  });

  it("give up on a Retry-After over maxRetryAfter even with time left; one equal to it is honoured", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({
        retry: { maxRetryAfter: 1000, maxElapsed: Infinity },
      });
      const over = await session.get(flaky("failures=5&status=503&retryAfter=2"));
      expect(await over.json()).toEqual({ attempt: 1 });
      const start = loop.time();
      const equal = await session.get(flaky("failures=1&status=503&retryAfter=1"));
      expect(await equal.json()).toEqual({ attempt: 2 });
      expect(loop.time() - start).toBe(1000);
    });
  });

  it("maxElapsed counts from the first attempt and allows a retry that starts right at it", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await sleep(10_000); // the loop's clock is not at 0 when the request starts
      await using session = new ClientSession({ retry: { attempts: 10, maxElapsed: 4000 } });
      const start = loop.time();
      const response = await session.get(flaky("failures=10&status=503&retryAfter=2"));
      // Attempts at +0, +2000 and +4000 ms; a fourth would start at +6000.
      expect(await response.json()).toEqual({ attempt: 3 });
      expect(loop.time() - start).toBe(4000);
    });
  });

  it("maxElapsed caps connection-error retries the same way", async () => {
    const port = await closedPort();
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await sleep(10_000);
      const delays: number[] = [];
      const trace: TraceConfig = { onRequestRetry: (event) => delays.push(event.delay) };
      await using session = new ClientSession({
        retry: { attempts: 10, initialDelay: 100, factor: 2, jitter: false, maxElapsed: 1500 },
        trace,
      });
      const start = loop.time();
      expect(await failure(session.get(`http://127.0.0.1:${port}/`))).toBeInstanceOf(
        ClientConnectorError,
      );
      // 100 + 200 + 400 + 800 = 1500: the last retry starts right at the cap; 1600 more would not.
      expect(delays).toEqual([100, 200, 400, 800]);
      expect(loop.time() - start).toBe(1500);
    });
  });

  it("the total deadline ends a backoff sleep at once", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ retry: true, timeout: { total: 1000 } });
      const start = loop.time();
      const error = await failure(session.get(flaky("failures=5&status=503&retryAfter=30")));
      expect(error).toBeInstanceOf(TotalTimeoutError);
      expect(loop.time() - start).toBe(1000);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("a request's signal ends it for good, even aborting with a connection error: no retry", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      const retries: number[] = [];
      const trace: TraceConfig = { onRequestRetry: (event) => retries.push(event.attempt) };
      await using session = new ClientSession({ retry: { jitter: false }, trace });
      const controller = new AbortController();
      const reason = new ClientConnectionError("link down");
      loop.callLater(100, () => controller.abort(reason));
      const start = loop.time();
      expect(await failure(session.get(http.url("/hang"), { signal: controller.signal }))).toBe(
        reason,
      );
      expect(loop.time() - start).toBe(100);
      expect(retries).toEqual([]);
    });
  });

  it("parseRetryAfter ignores what is neither delta-seconds nor an HTTP-date (RFC 9110 §10.2.3)", () => {
    expect(parseRetryAfter(" 3 ")).toBe(3000);
    // V8's Date.parse reads a date after a leading word: not an HTTP-date either.
    const junk = [
      "-5",
      "1.5",
      "5s",
      "3 s",
      "",
      "soon",
      "Mon, soon",
      "x Sun, 06 Nov 1994 08:49:37 GMT",
    ];
    for (const invalid of junk) {
      expect(parseRetryAfter(invalid)).toBeUndefined();
    }
    const now = Date.parse("Sun, 06 Nov 1994 08:48:37 GMT");
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(60_000); // IMF-fixdate
    expect(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(60_000); // RFC 850
  });

  it("parseRetryAfter reads delta-seconds and HTTP-dates; backoff grows with jitter in its upper half", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(" 0 ")).toBe(0);
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")),
    ).toBe(60_000);
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2016 07:27:00 GMT")),
    ).toBe(0);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    const policy = resolveRetry({ initialDelay: 100, factor: 2, maxDelay: 1000 }, undefined)!;
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
  });
});
