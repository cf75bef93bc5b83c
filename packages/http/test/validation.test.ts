// Bad input is rejected before any byte is sent (p-queue's test/validation.ts in spirit).
import { describe, expect, it } from "vitest";
import { BasicAuth, ClientError, ClientSession, InvalidURL } from "../src/index.js";
import { failure, useServer } from "./helpers.js";

const http = useServer();

async function rejected(call: (session: ClientSession) => Promise<unknown>): Promise<unknown> {
  const before = http.server.requests.length;
  const sockets = http.server.totalSockets;
  await using session = new ClientSession();
  const error = await failure(call(session));
  expect(http.server.requests.length).toBe(before);
  expect(http.server.totalSockets).toBe(sockets);
  return error;
}

describe("validation: bad input fails before anything is sent", () => {
  it("rejects a malformed URL with InvalidURL", async () => {
    const error = await rejected((s) => s.get("http://exa mple.com:99999/"));
    expect(error).toBeInstanceOf(InvalidURL);
    expect((error as InvalidURL).message).toBe('Invalid URL: "http://exa mple.com:99999/"');
    expect(error).toBeInstanceOf(ClientError);
    expect(await rejected((s) => s.get("not a url"))).toBeInstanceOf(InvalidURL);
  });

  it("rejects non-http schemes with InvalidURL naming the scheme", async () => {
    for (const url of [
      "ftp://example.com/",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "ws://x/",
    ]) {
      const error = (await rejected((s) => s.get(url))) as InvalidURL;
      expect(error).toBeInstanceOf(InvalidURL);
      expect(error.url).toBe(url);
      expect(error.message).toMatch(/http: or https:/);
    }
  });

  it("rejects CRLF in a header value with a TypeError naming the header", async () => {
    const error = (await rejected((s) =>
      s.get(http.url("/echo"), { headers: { "X-Injected": "a\r\nSet-Cookie: evil=1" } }),
    )) as Error;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain("X-Injected");
    expect(error.message).toMatch(/CR, LF/);
  });

  it("rejects NUL and bare LF in values and invalid header names", async () => {
    expect(
      await rejected((s) => s.get(http.url("/echo"), { headers: { a: "x\ny" } })),
    ).toBeInstanceOf(TypeError);
    expect(
      await rejected((s) => s.get(http.url("/echo"), { headers: { a: "x\0y" } })),
    ).toBeInstanceOf(TypeError);
    const bad = (await rejected((s) =>
      s.get(http.url("/echo"), { headers: { "Bad Name": "v" } }),
    )) as Error;
    expect(bad).toBeInstanceOf(TypeError);
    expect(bad.message).toContain("Bad Name");
    expect(
      await rejected((s) => s.get(http.url("/echo"), { headers: [["x:y", "v"]] })),
    ).toBeInstanceOf(TypeError);
  });

  it("rejects session default headers with CRLF at construction", () => {
    expect(() => new ClientSession({ headers: { "X-A": "1\r\n2" } })).toThrow(TypeError);
  });

  it("rejects negative and NaN timeouts with a RangeError in p-queue's shape", async () => {
    const negative = (await rejected((s) =>
      s.get(http.url("/json"), { timeout: { total: -1 } }),
    )) as Error;
    expect(negative).toBeInstanceOf(RangeError);
    expect(negative.message).toBe(
      "Expected `timeout.total` to be a number >= 0, got `-1` (number)",
    );
    const nan = (await rejected((s) =>
      s.get(http.url("/json"), { timeout: { sockRead: Number.NaN } }),
    )) as Error;
    expect(nan.message).toBe("Expected `timeout.sockRead` to be a number >= 0, got `NaN` (number)");
    expect(() => new ClientSession({ timeout: { connect: -5 } })).toThrow(RangeError);
    // Infinity disables a timeout, so it is accepted.
    expect(() => new ClientSession({ timeout: { total: Infinity } })).not.toThrow();
    expect(() => new ClientSession({ timeout: { total: "1" as unknown as number } })).toThrow(
      TypeError,
    );
  });

  it("rejects a body given as both data and json", async () => {
    const error = (await rejected((s) =>
      s.post(http.url("/echo"), { data: "a", json: { b: 1 } }),
    )) as Error;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/data.*json/);
  });

  it("names the retry or timeout option and the value it rejects", () => {
    const message = (options: object): string => {
      try {
        new ClientSession(options);
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return "no error";
    };
    const retry = (value: unknown): string => message({ retry: value });
    expect(retry(5)).toBe(
      "TypeError: Expected `retry` to be a boolean or a RetryOptions object, got `5` (number)",
    );
    expect(retry(null)).toBe(
      "TypeError: Expected `retry` to be a boolean or a RetryOptions object, got `null` (null)",
    );
    expect(retry({ attempt: 3 })).toBe(
      "TypeError: Expected `retry.attempt` to be one of attempts, methods, statuses, " +
        "connectionErrors, initialDelay, factor, maxDelay, jitter, respectRetryAfter, " +
        "maxRetryAfter, maxElapsed, got `'attempt'` (string)",
    );
    expect(retry({ methods: "GET" })).toMatch(
      /^TypeError: Expected `retry.methods` to be an array of method names, got /,
    );
    expect(retry({ methods: [1] })).toMatch(
      /^TypeError: Expected `retry.methods\[\]` to be a string, got `1`/,
    );
    expect(retry({ statuses: 503 })).toMatch(
      /^TypeError: Expected `retry.statuses` to be an array of status codes, got `503`/,
    );
    expect(retry({ statuses: [99] })).toMatch(
      /^RangeError: Expected `retry.statuses\[\]` to be an integer >= 100, got `99`/,
    );
    expect(retry({ factor: 0.5 })).toBe(
      "RangeError: Expected `retry.factor` to be a finite number >= 1, got `0.5` (number)",
    );
    for (const [field, value] of [
      ["attempts", 0],
      ["factor", -1],
      ["initialDelay", -1],
      ["maxDelay", -1],
      ["maxRetryAfter", -1],
      ["maxElapsed", -1],
      ["jitter", "yes"],
      ["connectionErrors", "no"],
      ["respectRetryAfter", 1],
    ] as const) {
      expect(retry({ [field]: value })).toMatch(
        new RegExp(`^(Type|Range)Error: Expected \`retry\\.${field}\` to be `),
      );
    }
    // A factor of 1 is a constant backoff; Infinity lifts the two caps that allow it.
    expect(retry({ factor: 1, maxRetryAfter: Infinity, maxElapsed: Infinity })).toBe("no error");

    const timeout = (value: unknown): string => message({ timeout: value });
    const shape = "an object like { total, connect, sockConnect, sockRead }";
    expect(timeout(5)).toBe(`TypeError: Expected \`timeout\` to be ${shape}, got \`5\` (number)`);
    expect(timeout(null)).toBe(
      `TypeError: Expected \`timeout\` to be ${shape}, got \`null\` (null)`,
    );
    expect(timeout({ totl: 5 })).toBe(
      "TypeError: Expected `timeout.totl` to be one of total, connect, sockConnect, sockRead, got `'totl'` (string)",
    );
  });

  it("rejects an invalid method, bad options and bad limits", async () => {
    expect(await rejected((s) => s.request("GE T", http.url("/json")))).toBeInstanceOf(TypeError);
    expect(await rejected((s) => s.get(http.url("/json"), { maxRedirects: -1 }))).toBeInstanceOf(
      RangeError,
    );
    expect(
      await rejected((s) => s.get(http.url("/json"), { retry: { attempts: 0 } })),
    ).toBeInstanceOf(RangeError);
    expect(() => new ClientSession({ connector: { limit: -1 } })).toThrow(RangeError);
    expect(() => new ClientSession({ connector: { limitPerHost: 1.5 } })).toThrow(RangeError);
    expect(() => new ClientSession({ baseUrl: "mailto:x@y" })).toThrow(InvalidURL);
    expect(() => new ClientSession({ auth: { login: "a" } as unknown as BasicAuth })).toThrow(
      TypeError,
    );
    expect(() => new BasicAuth("a:b", "c")).toThrow(RangeError);
  });
});
