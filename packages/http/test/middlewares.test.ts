// Client middlewares (aiohttp 3.12 `client_middlewares.py`, docs "Client Middlewares"):
// order, changing the request, retrying, reading the response, per-request override,
// and cancellation.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, sleep } from "@aiots/tasks";
import {
  ClientRequest,
  ClientSession,
  type ClientMiddleware,
  type ClientResponse,
} from "../src/index.js";
import { failure, inLoop, inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();

interface Echo {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const echoOf = async (response: ClientResponse): Promise<Echo> => response.json<Echo>();

describe("middlewares", () => {
  it("run in list order, the first outermost, and can change the request", async () => {
    await inLoop(async () => {
      const log: string[] = [];
      const tag =
        (name: string): ClientMiddleware =>
        async (request, next) => {
          log.push(`${name}>`);
          request.headers.append("x-chain", name);
          const response = await next(request);
          log.push(`<${name} ${response.status}`);
          return response;
        };
      await using session = new ClientSession({ middlewares: [tag("a"), tag("b")] });
      const echo = await echoOf(await session.get(http.url("/echo")));
      expect(log).toEqual(["a>", "b>", "<b 200", "<a 200"]);
      expect(echo.headers["x-chain"]).toBe("a, b");
    });
  });

  it("can rewrite the URL and method, and sign the body it sees", async () => {
    await inLoop(async () => {
      const signing: ClientMiddleware = async (request, next) => {
        expect(request).toBeInstanceOf(ClientRequest);
        request.url = new URL("/echo?rewritten=1", request.url);
        request.method = "put";
        const body = request.body as Uint8Array;
        request.headers.set("x-signature", createHash("sha256").update(body).digest("hex"));
        request.body = new TextEncoder().encode(`${Buffer.from(body).toString()}!`);
        return next(request);
      };
      await using session = new ClientSession({ middlewares: [signing] });
      const echo = await echoOf(await session.post(http.url("/anything"), { data: "payload" }));
      expect(echo.method).toBe("PUT");
      expect(echo.path).toBe("/echo");
      expect(echo.body).toBe("payload!");
      expect(echo.headers["x-signature"]).toBe(
        createHash("sha256").update("payload").digest("hex"),
      );
      expect(echo.headers["content-length"]).toBe("8");
    });
  });

  it("a URL changed in place between two next() calls is sent as it is at each call", async () => {
    await inLoop(async () => {
      // The hop reads its target (origin, path and query, href) from the URL when next()
      // is called, not from an earlier read of the same URL object.
      const twice: ClientMiddleware = async (request, next) => {
        const first = await next(request);
        await first.read();
        request.url.pathname = "/echo";
        request.url.search = "?second=1";
        return next(request);
      };
      await using session = new ClientSession({ middlewares: [twice] });
      const response = await session.get(http.url("/text?body=first"));
      expect(response.url).toBe(http.url("/echo?second=1"));
      expect((await echoOf(response)).path).toBe("/echo");
      expect(response.requestInfo.realUrl).toBe(http.url("/echo?second=1"));
    });
  });

  it("can retry: a refreshed token after a 401, the first response released", async () => {
    let token = "expired";
    http.server.route("/protected", (request, response) => {
      if (request.headers.authorization === "Bearer fresh") {
        response.end("secret");
        return;
      }
      // A 401 whose body never ends: only releasing it frees its connection.
      response.statusCode = 401;
      response.write("unauthorized");
    });
    await inLoop(async () => {
      const refresh: ClientMiddleware = async (request, next) => {
        request.headers.set("authorization", `Bearer ${token}`);
        const response = await next(request);
        if (response.status !== 401) return response;
        token = "fresh";
        request.headers.set("authorization", `Bearer ${token}`);
        return next(request);
      };
      await using session = new ClientSession({ middlewares: [refresh] });
      const response = await session.get(http.url("/protected"));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("secret");
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("can read the response before the caller, who still gets the body", async () => {
    await inLoop(async () => {
      const seen: string[] = [];
      const logging: ClientMiddleware = async (request, next) => {
        const response = await next(request);
        seen.push(`${request.method} ${response.status} ${await response.text()}`);
        return response;
      };
      await using session = new ClientSession({ middlewares: [logging] });
      const response = await session.get(http.url("/text?body=hi"));
      expect(await response.text()).toBe("hi");
      expect(seen).toEqual(["GET 200 hi"]);
    });
  });

  it("can answer without calling next", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const cached = await session.get(http.url("/text?body=cached"));
      await cached.read();
      const cache: ClientMiddleware = async () => cached;
      const response = await session.get(http.url("/text?body=fresh"), { middlewares: [cache] });
      expect(await response.text()).toBe("cached");
    });
  });

  it("run for every hop: each redirect goes through them", async () => {
    await inLoop(async () => {
      const paths: string[] = [];
      const record: ClientMiddleware = async (request, next) => {
        paths.push(request.url.pathname + request.url.search);
        return next(request);
      };
      await using session = new ClientSession({ middlewares: [record] });
      const response = await session.get(http.url("/redirect?n=2"));
      expect(response.status).toBe(200);
      expect(paths).toHaveLength(3);
    });
  });

  it("per-request middlewares replace the session's; [] turns them off", async () => {
    await inLoop(async () => {
      const log: string[] = [];
      const named =
        (name: string): ClientMiddleware =>
        async (request, next) => {
          log.push(name);
          return next(request);
        };
      await using session = new ClientSession({ middlewares: [named("session")] });
      await (await session.get(http.url("/bytes?n=1"))).read();
      await (await session.get(http.url("/bytes?n=1"), { middlewares: [named("request")] })).read();
      await (await session.get(http.url("/bytes?n=1"), { middlewares: [] })).read();
      expect(log).toEqual(["session", "request"]);
    });
  });

  it("a stream body cannot be sent twice", async () => {
    await inLoop(async () => {
      const twice: ClientMiddleware = async (request, next) => {
        (await next(request)).release();
        return next(request);
      };
      await using session = new ClientSession({ middlewares: [twice] });
      async function* body(): AsyncGenerator<Uint8Array> {
        yield new TextEncoder().encode("once");
      }
      const error = await failure(session.post(http.url("/echo"), { data: body() }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/cannot be sent again/);
    });
  });

  it("reject bad input naming it", async () => {
    await inLoop(async () => {
      expect(
        () => new ClientSession({ middlewares: "x" as unknown as ClientMiddleware[] }),
      ).toThrow("Expected `middlewares` to be an array of functions, got `'x'` (string)");
      await using session = new ClientSession({
        middlewares: [async () => ({}) as ClientResponse],
      });
      await expect(session.get(http.url("/bytes"))).rejects.toThrow(
        /Expected `the response of middlewares\[0\]` to be a ClientResponse/,
      );
    });
  });
});

describe("middlewares and cancellation", () => {
  it("cancelling the task during a middleware's backoff ends the request, nothing held", async () => {
    let hits = 0;
    http.server.route("/busy", (_request, response) => {
      hits++;
      response.statusCode = 503;
      response.end("busy");
    });
    await inVirtualLoop(async () => {
      const retrying: ClientMiddleware = async (request, next) => {
        for (let attempt = 1; ; attempt++) {
          const response = await next(request);
          if (response.status !== 503 || attempt === 5) return response;
          await sleep(10_000);
        }
      };
      await using session = new ClientSession({ middlewares: [retrying] });
      const task = createTask(() => session.get(http.url("/busy")));
      while (hits < 2) await sleep(1000);
      task.cancel();
      expect(await failure(task)).toBeInstanceOf(CancelledError);
      expect(hits).toBe(2);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("cancelling the task while next() waits reaches the middleware as CancelledError", async () => {
    await inLoop(async () => {
      const seen: unknown[] = [];
      const watching: ClientMiddleware = async (request, next) => {
        try {
          return await next(request);
        } catch (error) {
          seen.push(error);
          throw error;
        }
      };
      await using session = new ClientSession({ middlewares: [watching] });
      const task = createTask(() => session.get(http.url("/hang")));
      await sleep(20);
      task.cancel();
      expect(await failure(task)).toBeInstanceOf(CancelledError);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(CancelledError);
      await http.server.waitForSockets(0);
    });
  });
});
