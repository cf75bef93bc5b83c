// ClientResponse (aiohttp docs: "Response object") and its StreamReader content.
import { describe, expect, it } from "vitest";
import {
  ClientResponseError,
  ClientConnectionError,
  ClientSession,
  ContentTypeError,
  ResponseHeaders,
} from "../src/index.js";
import { sleep } from "@aiots/tasks";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("ClientResponse", () => {
  it("exposes status, reason, ok, url, method and case-insensitive headers", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      await using response = await session.get(http.url("/status?code=404"));
      expect(response.status).toBe(404);
      expect(response.statusText).toBe("Not Found");
      expect(response.reason).toBe("Not Found");
      expect(response.ok).toBe(false);
      expect(response.url).toBe(http.url("/status?code=404"));
      expect(response.method).toBe("GET");
      expect(response.headers.get("Content-Type")).toBe("application/json");
      expect(response.headers.has("CONTENT-LENGTH")).toBe(true);
      expect(response.contentType).toBe("application/json");
      expect(response.contentLength).toBeGreaterThan(0);
      expect(response.history).toEqual([]);
      expect(String(response)).toContain("[404 Not Found]");
    });
  });

  it("ResponseHeaders keeps repeated headers and Set-Cookie lines apart", () => {
    const headers = new ResponseHeaders([
      Buffer.from("Vary"),
      Buffer.from("accept"),
      Buffer.from("vary"),
      Buffer.from("origin"),
      Buffer.from("Set-Cookie"),
      Buffer.from("a=1"),
      Buffer.from("set-cookie"),
      Buffer.from("b=2"),
    ]);
    expect(headers.get("VARY")).toBe("accept, origin");
    expect(headers.getAll("vary")).toEqual(["accept", "origin"]);
    expect(headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect([...headers]).toEqual([
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["vary", "accept, origin"],
    ]);
    expect(headers.get("missing")).toBeNull();
    expect(headers.toJSON()).toEqual({ vary: "accept, origin", "set-cookie": ["a=1", "b=2"] });
  });

  it("reads the body once and caches it for text(), json() and read()", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/json?body=%7B%22a%22%3A1%7D"));
      expect(await response.json()).toEqual({ a: 1 });
      expect(await response.text()).toBe('{"a":1}');
      expect(Buffer.from(await response.read()).toString()).toBe('{"a":1}');
    });
  });

  it("decodes text with the charset of the response or the one given", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const latin1 = await session.get(
        http.url("/text?body=caf%C3%A9&type=text/plain;%20charset=ISO-8859-1"),
      );
      expect(latin1.charset).toBe("iso-8859-1");
      expect(await latin1.text()).toBe("cafÃ©");
      const forced = await session.get(
        http.url("/text?body=caf%C3%A9&type=text/plain;%20charset=ISO-8859-1"),
      );
      expect(await forced.text("utf-8")).toBe("café");
    });
  });

  it("json() raises ContentTypeError for a non-JSON type unless contentType is null", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const html = await session.get(http.url("/text?body=%5B1%5D&type=text/html"));
      const error = (await failure(html.json())) as ContentTypeError;
      expect(error).toBeInstanceOf(ContentTypeError);
      expect(error.status).toBe(200);
      expect(error.message).toContain("text/html");
      expect(await html.json({ contentType: null })).toEqual([1]);
      const vendor = await session.get(
        http.url("/text?body=%5B2%5D&type=application/problem%2Bjson"),
      );
      expect(await vendor.json()).toEqual([2]);
      const empty = await session.get(http.url("/text?body=&type=application/json"));
      expect(await empty.json()).toBeNull();
      const custom = await session.get(http.url("/text?body=%5B3%5D&type=text/x-json"));
      expect(await custom.json({ contentType: "text/x-json" })).toEqual([3]);
    });
  });

  it("iterates content as chunks, in fixed-size chunks and by lines", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      let total = 0;
      for await (const chunk of (await session.get(http.url("/bytes?n=100000"))).content)
        total += chunk.length;
      expect(total).toBe(100_000);
      const sizes: number[] = [];
      for await (const chunk of (await session.get(http.url("/bytes?n=2500"))).content.iterChunked(
        1000,
      )) {
        sizes.push(chunk.length);
      }
      expect(sizes).toEqual([1000, 1000, 500]);
      const lines = (await session.get(http.url("/lines?n=3"))).content;
      expect(Buffer.from(await lines.readLine()).toString()).toBe("line 0\n");
      const rest: string[] = [];
      for await (const line of lines.iterLines()) rest.push(Buffer.from(line).toString());
      expect(rest).toEqual(["line 1\n", "line 2\n"]);
      expect(lines.atEof()).toBe(true);
      const exact = (await session.get(http.url("/bytes?n=10"))).content;
      expect(await exact.readExactly(4)).toHaveLength(4);
      expect(await exact.read(100)).toHaveLength(6);
      await expect(exact.readExactly(1)).rejects.toBeInstanceOf(RangeError);
    });
  });

  it("applies backpressure: a large body nobody reads pauses the socket, reading resumes it", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/bytes?n=4000000"));
      let total = 0;
      for await (const chunk of response.content) total += chunk.length;
      expect(total).toBe(4_000_000);
    });
  });

  it("read() of a body whose socket was paused (nobody read it yet) resumes it and completes", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      for (const size of [1_048_576, 3_000_000]) {
        const response = await session.get(http.url(`/bytes?n=${size}`));
        await sleep(30); // the body fills the buffer past its high-water mark: the socket pauses
        expect(await response.read()).toHaveLength(size);
      }
    });
  });

  it("returns a large Content-Length body byte for byte, whether read whole, streamed, or both", async () => {
    const size = 700_001;
    const expected = Buffer.alloc(size);
    for (let index = 0; index < size; index++) expected[index] = index % 251;
    http.server.route("/pattern", (_request, response) => {
      response.writeHead(200, { "content-length": size });
      for (let start = 0; start < size; start += 100_000) {
        response.write(expected.subarray(start, start + 100_000));
      }
      response.end();
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      const whole = Buffer.from(await (await session.get(http.url("/pattern"))).read());
      expect(whole.equals(expected)).toBe(true);
      const chunks: Uint8Array[] = [];
      for await (const chunk of (await session.get(http.url("/pattern"))).content) {
        chunks.push(chunk);
      }
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
      const mixed = (await session.get(http.url("/pattern"))).content;
      const head = Buffer.from(await mixed.readExactly(1000));
      const next = Buffer.from(await mixed.readAny());
      const rest = Buffer.from(await mixed.read());
      expect(Buffer.concat([head, next, rest]).equals(expected)).toBe(true);
    });
  });

  it("release() before the body is read closes the connection instead of reusing it", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/stall-body?sent=10"));
      response.release();
      response.release();
      await http.server.waitForSockets(0);
      await expect(response.read()).rejects.toBeInstanceOf(ClientConnectionError);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("release() after the whole body arrived keeps the connection and the data", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const before = http.server.totalSockets;
      const response = await session.get(http.url("/bytes?n=10"));
      await response.read();
      response.release();
      await sleep(5); // undici reuses a socket one event-loop turn after the response ended
      await (await session.get(http.url("/bytes?n=10"))).read();
      expect(http.server.totalSockets - before).toBe(1);
      expect(await response.text()).toBe("xxxxxxxxxx");
    });
  });

  it("await using releases an unread body; closing the session releases the rest", async () => {
    await inLoop(async () => {
      const session = new ClientSession();
      {
        await using response = await session.get(http.url("/stall-body?sent=5"));
        expect(response.status).toBe(200);
      }
      await http.server.waitForSockets(0);
      const unread = await session.get(http.url("/stall-body?sent=5"));
      expect(unread.status).toBe(200);
      await session.close();
      await http.server.waitForSockets(0);
      await expect(unread.read()).rejects.toBeInstanceOf(ClientConnectionError);
    });
  });

  it("raiseForStatus() throws ClientResponseError and releases the body", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const url = http.url("/status?code=503");
      const response = await session.get(url);
      // aiohttp's str(error): status, reason and the URL, so a log line says what failed.
      let error: unknown;
      try {
        response.raiseForStatus();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ClientResponseError);
      expect(String(error)).toBe(
        `ClientResponseError: 503, message='Service Unavailable', url='${url}'`,
      );
      const ok = await session.get(http.url("/json"));
      expect(() => ok.raiseForStatus()).not.toThrow();
    });
  });
});
