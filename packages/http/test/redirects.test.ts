// Redirects: history, maxRedirects, RFC 9110 §15.4 method rewriting, credentials dropped
// on cross-origin hops (aiohttp docs: "Redirects"; CPython-free, so RFC sections named).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BasicAuth,
  ClientSession,
  InvalidURL,
  TooManyRedirects,
  type TraceConfig,
} from "../src/index.js";
import { TestServer } from "../src/testing/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();
let other: TestServer;
beforeAll(async () => {
  other = await TestServer.start();
});
afterAll(async () => {
  await other.close();
});

interface Echo {
  method: string;
  headers: Record<string, string>;
  body: string;
}

describe("redirects", () => {
  it("follows redirects and records each hop in history", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/redirect?n=3"));
      expect(response.status).toBe(200);
      expect(response.url).toBe(http.url("/redirect?n=0&status=302"));
      expect(response.history.map((hop) => hop.status)).toEqual([302, 302, 302]);
      expect(response.history[0]!.url).toBe(http.url("/redirect?n=3"));
      expect(response.requestInfo.url).toBe(http.url("/redirect?n=3"));
      expect(await response.json()).toMatchObject({ redirected: true });
    });
  });

  it("raises TooManyRedirects on a loop, after maxRedirects (10) hops, with the history", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const before = http.server.hits("/redirect-loop");
      const error = (await failure(session.get(http.url("/redirect-loop")))) as TooManyRedirects;
      expect(error).toBeInstanceOf(TooManyRedirects);
      expect(error.message).toContain("Exceeded 10 redirects");
      expect(error.history).toHaveLength(11);
      expect(http.server.hits("/redirect-loop") - before).toBe(11);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("honours maxRedirects per session and per request, and allowRedirects: false", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ maxRedirects: 2 });
      expect((await session.get(http.url("/redirect?n=2"))).status).toBe(200);
      expect(await failure(session.get(http.url("/redirect?n=3")))).toBeInstanceOf(
        TooManyRedirects,
      );
      expect((await session.get(http.url("/redirect?n=3"), { maxRedirects: 3 })).status).toBe(200);
      const raw = await session.get(http.url("/redirect?n=1"), { allowRedirects: false });
      expect(raw.status).toBe(302);
      expect(raw.headers.get("location")).toBe("/redirect?n=0&status=302");
      await using none = new ClientSession({ maxRedirects: 0 });
      expect(await failure(none.get(http.url("/redirect?n=1")))).toBeInstanceOf(TooManyRedirects);
    });
  });

  // RFC 9110 §15.4.2-15.4.4, 15.4.8, 15.4.9.
  const cases: Array<[number, string, string, boolean]> = [
    [301, "POST", "GET", false],
    [302, "POST", "GET", false],
    [303, "POST", "GET", false],
    [303, "PUT", "GET", false],
    [303, "HEAD", "HEAD", false],
    [301, "PUT", "PUT", true],
    [307, "POST", "POST", true],
    [308, "POST", "POST", true],
  ];
  for (const [status, from, to, keepsBody] of cases) {
    it(`${status} turns ${from} into ${to}${keepsBody ? " and keeps the body" : ""}`, async () => {
      await inLoop(async () => {
        await using session = new ClientSession();
        const response = await session.request(
          from,
          http.url(`/redirect-to?status=${status}&url=/echo`),
          {
            data: "payload",
          },
        );
        if (to === "HEAD") {
          expect(response.method).toBe("HEAD");
          return;
        }
        const echo = await response.json<Echo>();
        expect(echo.method).toBe(to);
        expect(echo.body).toBe(keepsBody ? "payload" : "");
        expect(echo.headers["content-type"]).toBe(
          keepsBody ? "text/plain; charset=utf-8" : undefined,
        );
      });
    });
  }

  it("does not follow a 307 whose body was a one-shot stream; returns the redirect", async () => {
    await inLoop(async () => {
      const redirects: number[] = [];
      const trace: TraceConfig = {
        onRequestRedirect: (event) => redirects.push(event.response.status),
      };
      await using session = new ClientSession({ trace });
      async function* body(): AsyncGenerator<Uint8Array> {
        yield Buffer.from("once");
      }
      const response = await session.post(http.url("/redirect-to?status=307&url=/echo"), {
        data: body(),
      });
      expect(response.status).toBe(307);
      expect(redirects).toEqual([]); // not followed, so not reported as a redirect
    });
  });

  it("follows redirects under retries too", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ retry: true });
      const response = await session.get(http.url("/redirect?n=2"));
      expect(response.status).toBe(200);
      expect(response.history.map((hop) => hop.status)).toEqual([302, 302]);
    });
  });

  // RFC 9110 §10.2.2: Location on a 201 names the created resource; only 3xx redirect.
  it("stops at a non-redirect status that carries a Location (201 Created)", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const created = encodeURIComponent("/redirect-to?status=201&url=/json");
      const response = await session.get(http.url(`/redirect-to?status=302&url=${created}`));
      expect(response.status).toBe(201);
      expect(response.headers.get("location")).toBe("/json");
      expect(response.history.map((hop) => hop.status)).toEqual([302]);
    });
  });

  // aiohttp on a 303 drops the body and Content-Length only: a body-less GET's own
  // Content-Type header goes on to the next hop.
  it("a 303 after a GET without a body keeps the request's Content-Type", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/redirect-to?status=303&url=/echo"), {
        headers: { "content-type": "application/json" },
      });
      const echo = await response.json<Echo>();
      expect(echo.method).toBe("GET");
      expect(echo.headers["content-type"]).toBe("application/json");
    });
  });

  it("drops Authorization, Cookie and auth on a cross-origin redirect, keeps them same-origin", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ auth: new BasicAuth("u", "p") });
      const headers = { cookie: "secret=1", "x-keep": "yes" };
      const same = await (
        await session.get(http.url("/redirect-to?url=/echo"), { headers })
      ).json<Echo>();
      expect(same.headers.authorization).toBe(new BasicAuth("u", "p").encode());
      expect(same.headers.cookie).toBe("secret=1");
      const target = encodeURIComponent(other.urlFor("/echo"));
      const cross = await (
        await session.get(http.url(`/redirect-to?url=${target}`), { headers })
      ).json<Echo>();
      expect(cross.headers.authorization).toBeUndefined();
      expect(cross.headers.cookie).toBeUndefined();
      expect(cross.headers["x-keep"]).toBe("yes");
    });
  });

  it("raises InvalidURL for a redirect to a non-http scheme", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(
        session.get(http.url(`/redirect-to?url=${encodeURIComponent("ftp://x/")}`)),
      );
      expect(error).toBeInstanceOf(InvalidURL);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("reports each hop to onRequestRedirect", async () => {
    await inLoop(async () => {
      const hops: string[] = [];
      const trace: TraceConfig = {
        onRequestRedirect: (event) => hops.push(`${event.response.status} ${event.url}`),
      };
      await using session = new ClientSession({ trace });
      await (await session.get(http.url("/redirect?n=2&status=301"))).read();
      expect(hops).toEqual([
        `301 ${http.url("/redirect?n=2&status=301")}`,
        `301 ${http.url("/redirect?n=1&status=301")}`,
      ]);
    });
  });
});
