// ClientSession's options and request options (aiohttp docs: "Client Reference").
import { describe, expect, it } from "vitest";
import { RuntimeError } from "@aiots/loop";
import { gather, sleep } from "@aiots/tasks";
import { BasicAuth, ClientResponseError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

interface Echo {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

describe("ClientSession", () => {
  it("fetches three URLs at once with gather (the article's example)", async () => {
    const lengths = await inLoop(async () => {
      await using session = new ClientSession();
      const fetchText = async (path: string): Promise<number> => {
        await using response = await session.get(http.url(path));
        return (await response.text()).length;
      };
      return await gather(
        fetchText("/bytes?n=10"),
        fetchText("/bytes?n=20"),
        fetchText("/bytes?n=30"),
      );
    });
    expect(lengths).toEqual([10, 20, 30]);
  });

  it("sends every method helper with its method", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const calls = [
        ["GET", session.get(http.url("/echo"))],
        ["POST", session.post(http.url("/echo"))],
        ["PUT", session.put(http.url("/echo"))],
        ["PATCH", session.patch(http.url("/echo"))],
        ["DELETE", session.delete(http.url("/echo"))],
        ["OPTIONS", session.options(http.url("/echo"))],
        ["PROPFIND", session.request("propfind", http.url("/echo"))],
      ] as const;
      for (const [method, call] of calls) {
        const echo = await (await call).json<Echo>();
        expect(echo.method).toBe(method);
      }
      const head = await session.head(http.url("/json"));
      expect(head.status).toBe(200);
      expect(await head.read()).toHaveLength(0);
    });
  });

  it("resolves relative URLs against baseUrl and appends params", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ baseUrl: http.url("/") });
      const echo = await (
        await session.get("echo?a=0", { params: { a: 1, b: [2, 3], c: true, skip: undefined } })
      ).json<Echo>();
      expect(echo.path).toBe("/echo");
      expect(echo.query).toEqual({ a: "1", b: "3", c: "true" });
      const raw = await (
        await session.get("echo", {
          params: [
            ["x", "1"],
            ["x", "2"],
          ],
        })
      ).json<Echo>();
      expect(raw.query).toEqual({ x: "2" });
      const asString = await (await session.get("echo", { params: "q=a%20b" })).json<Echo>();
      expect(asString.query).toEqual({ q: "a b" });
    });
  });

  it("sends default headers, overridden per request, and removes one given as null", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ headers: { "X-Team": "core", "X-Env": "test" } });
      const echo = await (
        await session.get(http.url("/echo"), { headers: { "x-env": "prod", "X-Team": null } })
      ).json<Echo>();
      expect(echo.headers["x-env"]).toBe("prod");
      expect(echo.headers["x-team"]).toBeUndefined();
      expect(echo.headers["accept-encoding"]).toBe("gzip, deflate, br");
      expect(echo.headers["user-agent"]).toMatch(/^aiots-http /);
      const plain = await (await session.get(http.url("/echo"))).json<Echo>();
      expect(plain.headers["x-team"]).toBe("core");
      const fromHeaders = await (
        await session.get(http.url("/echo"), { headers: new Headers({ "X-H": "1" }) })
      ).json<Echo>();
      expect(fromHeaders.headers["x-h"]).toBe("1");
    });
  });

  it("encodes json, string, bytes, URLSearchParams, FormData, objects and async iterables", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const send = async (options: Parameters<ClientSession["post"]>[1]): Promise<Echo> =>
        (await session.post(http.url("/echo"), options)).json<Echo>();
      const json = await send({ json: { a: [1, 2] } });
      expect(json.body).toBe('{"a":[1,2]}');
      expect(json.headers["content-type"]).toBe("application/json");
      const text = await send({ data: "héllo" });
      expect(text.body).toBe("héllo");
      expect(text.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(text.headers["content-length"]).toBe("6");
      const bytes = await send({ data: new Uint8Array([104, 105]) });
      expect(bytes.body).toBe("hi");
      expect(bytes.headers["content-type"]).toBe("application/octet-stream");
      const form = await send({ data: new URLSearchParams({ a: "1", b: "x y" }) });
      expect(form.body).toBe("a=1&b=x+y");
      expect(form.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const object = await send({ data: { a: 1, b: "two" } });
      expect(object.body).toBe("a=1&b=two");
      const formData = new FormData();
      formData.append("field", "value");
      const multipart = await send({ data: formData });
      expect(multipart.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
      expect(multipart.body).toContain('name="field"');
      async function* chunks(): AsyncGenerator<Uint8Array> {
        yield Buffer.from("ab");
        yield Buffer.from("cd");
      }
      const streamed = await send({ data: chunks() });
      expect(streamed.body).toBe("abcd");
      expect(streamed.headers["transfer-encoding"]).toBe("chunked");
      const custom = await send({
        json: [1],
        headers: { "content-type": "application/vnd.x+json" },
      });
      expect(custom.headers["content-type"]).toBe("application/vnd.x+json");
    });
  });

  it("uses jsonSerialize for json bodies", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ jsonSerialize: () => '"custom"' });
      expect((await (await session.post(http.url("/echo"), { json: 1 })).json<Echo>()).body).toBe(
        '"custom"',
      );
    });
  });

  it("raises for status when asked, per session or per request, or runs a check", async () => {
    await inLoop(async () => {
      await using strict = new ClientSession({ raiseForStatus: true });
      const error = (await failure(
        strict.get(http.url("/status?code=404")),
      )) as ClientResponseError;
      expect(error).toBeInstanceOf(ClientResponseError);
      expect(error.status).toBe(404);
      expect(error.requestInfo.method).toBe("GET");
      expect(error.requestInfo.url).toBe(http.url("/status?code=404"));
      expect(
        (await strict.get(http.url("/status?code=404"), { raiseForStatus: false })).status,
      ).toBe(404);
      await using lax = new ClientSession();
      expect((await lax.get(http.url("/status?code=500"))).ok).toBe(false);
      await expect(
        lax.get(http.url("/status?code=500"), { raiseForStatus: true }),
      ).rejects.toBeInstanceOf(ClientResponseError);
      const seen: number[] = [];
      await using checked = new ClientSession({
        raiseForStatus: (response) => {
          seen.push(response.status);
        },
      });
      await checked.get(http.url("/status?code=201"));
      expect(seen).toEqual([201]);
    });
  });

  it("sends BasicAuth from the session, the request or the URL", async () => {
    await inLoop(async () => {
      const path = "/basic-auth?user=alice&pass=s3cret";
      await using session = new ClientSession({ auth: new BasicAuth("alice", "s3cret") });
      expect((await session.get(http.url(path))).status).toBe(200);
      expect(
        (await session.get(http.url(path), { auth: new BasicAuth("alice", "wrong") })).status,
      ).toBe(401);
      await using anonymous = new ClientSession();
      expect((await anonymous.get(http.url(path))).status).toBe(401);
      const withUserinfo = http.url(path).replace("http://", "http://alice:s3cret@");
      expect((await anonymous.get(withUserinfo)).status).toBe(200);
    });
  });

  it("BasicAuth encodes and decodes RFC 7617 credentials", () => {
    const auth = new BasicAuth("alice", "s3cret");
    expect(auth.encode()).toBe("Basic YWxpY2U6czNjcmV0");
    expect(BasicAuth.decode(auth.encode())).toEqual(auth);
    expect(BasicAuth.fromUrl(new URL("http://b%40b:p%3A@x/"))).toMatchObject({
      login: "b@b",
      password: "p:",
    });
    expect(BasicAuth.fromUrl(new URL("http://x/"))).toBeUndefined();
  });

  it("throws RuntimeError('Session is closed') once closed, and close is idempotent", async () => {
    await inLoop(async () => {
      const session = new ClientSession();
      expect(session.closed).toBe(false);
      await session.close();
      await session.close();
      expect(session.closed).toBe(true);
      const error = (await failure(session.get(http.url("/json")))) as Error;
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toBe("Session is closed");
    });
  });

  it("closes with await using and works without a running loop", async () => {
    let outer: ClientSession;
    {
      await using session = new ClientSession();
      outer = session;
      expect(await (await session.get(http.url("/bytes?n=3"))).text()).toBe("xxx");
    }
    expect(outer.closed).toBe(true);
  });

  it("reuses one keep-alive connection per origin for sequential requests", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      await (await session.get(http.url("/bytes?n=100"))).read();
      const before = http.server.totalSockets;
      for (let index = 0; index < 5; index++) {
        // undici reuses a socket one event-loop turn after its response ended (as with
        // Pool.request); then every request rides the same connection.
        await sleep(5);
        await (await session.get(http.url("/bytes?n=100"))).read();
      }
      expect(http.server.totalSockets - before).toBe(0);
      const stats = session.connector.stats();
      expect(Object.keys(stats.pools)).toEqual([http.server.origin]);
      expect(stats.active).toBe(0);
    });
  });
});
