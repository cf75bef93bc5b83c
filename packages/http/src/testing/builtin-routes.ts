/**
 * The built-in routes of {@link TestServer} (the table in its documentation): each scripts
 * a latency or a fault on a real socket.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";

function query(url: URL, name: string, fallback: number): number {
  const value = url.searchParams.get(name);
  return value === null ? fallback : Number(value);
}

/** Real time: the server is what the client under test waits for. */
export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends `value` as a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": body.length,
    ...headers,
  });
  response.end(body);
}

/**
 * Answers `request` by the built-in route its path names (404 JSON for none); `counters`
 * keeps the hits of `/flaky` by id.
 */
export async function builtinRoute(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  counters: Map<string, number>,
): Promise<void> {
  const socket = request.socket;
  switch (url.pathname) {
    case "/bytes": {
      const body = Buffer.alloc(query(url, "n", 1024), "x");
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": body.length,
      });
      response.end(body);
      return;
    }
    case "/json":
      sendJson(
        response,
        200,
        url.searchParams.has("body") ? JSON.parse(url.searchParams.get("body")!) : { ok: true },
      );
      return;
    case "/text": {
      const body = Buffer.from(url.searchParams.get("body") ?? "hello");
      response.writeHead(200, {
        "content-type": url.searchParams.get("type") ?? "text/plain; charset=utf-8",
        "content-length": body.length,
      });
      response.end(body);
      return;
    }
    case "/echo": {
      const body = await readBody(request);
      sendJson(response, 200, {
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        body: body.toString("utf8"),
      });
      return;
    }
    case "/delay":
      await wait(query(url, "ms", 100));
      sendJson(response, 200, { delayed: true });
      return;
    case "/hang":
      return;
    case "/slow-body": {
      const chunks = query(url, "chunks", 5);
      const size = query(url, "size", 10);
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": chunks * size,
      });
      response.flushHeaders();
      for (let index = 0; index < chunks; index++) {
        await wait(query(url, "interval", 50));
        if (socket.destroyed) return;
        response.write(Buffer.alloc(size, "y"));
      }
      response.end();
      return;
    }
    case "/stall-body": {
      const sent = query(url, "sent", 10);
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": sent * 100,
      });
      response.write(Buffer.alloc(sent, "z"));
      return;
    }
    case "/close-mid-body":
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n",
      );
      socket.write(
        `${query(url, "sent", 10).toString(16)}\r\n${"a".repeat(query(url, "sent", 10))}\r\n`,
      );
      setTimeout(() => socket.destroy(), 10);
      return;
    case "/bad-content-length":
      socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${query(url, "declared", 100)}\r\n\r\n`,
      );
      socket.end("b".repeat(query(url, "sent", 10)));
      return;
    case "/invalid-chunked":
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n",
      );
      socket.write("5\r\nhello\r\nzz\r\nnot hex\r\n0\r\n\r\n");
      return;
    case "/oversized-headers": {
      const size = query(url, "size", 64 * 1024);
      socket.write(`HTTP/1.1 200 OK\r\nx-big: ${"h".repeat(size)}\r\ncontent-length: 2\r\n\r\nok`);
      return;
    }
    case "/no-response":
      socket.destroy();
      return;
    case "/redirect": {
      const n = query(url, "n", 1);
      if (n <= 0) {
        sendJson(response, 200, {
          redirected: true,
          method: request.method,
          body: (await readBody(request)).toString(),
        });
        return;
      }
      const status = query(url, "status", 302);
      response.writeHead(status, {
        location: `/redirect?n=${n - 1}&status=${status}`,
        "content-length": 0,
      });
      response.end();
      return;
    }
    case "/redirect-to":
      response.writeHead(query(url, "status", 302), {
        location: url.searchParams.get("url") ?? "/json",
        "content-length": 0,
      });
      response.end();
      return;
    case "/redirect-loop":
      response.writeHead(302, { location: "/redirect-loop", "content-length": 0 });
      response.end();
      return;
    case "/status": {
      const headers: Record<string, string> = {};
      const retryAfter = url.searchParams.get("retryAfter");
      if (retryAfter !== null) headers["retry-after"] = retryAfter;
      sendJson(response, query(url, "code", 200), { status: query(url, "code", 200) }, headers);
      return;
    }
    case "/flaky": {
      const id = url.searchParams.get("id") ?? "default";
      const count = (counters.get(id) ?? 0) + 1;
      counters.set(id, count);
      if (count <= query(url, "failures", 1)) {
        const headers: Record<string, string> = {};
        const retryAfter = url.searchParams.get("retryAfter");
        if (retryAfter !== null) headers["retry-after"] = retryAfter;
        sendJson(response, query(url, "status", 503), { attempt: count }, headers);
        return;
      }
      sendJson(response, 200, { attempt: count });
      return;
    }
    case "/gzip":
    case "/deflate":
    case "/deflate-raw":
    case "/br": {
      const name = url.pathname.slice(1);
      const plain = Buffer.from(JSON.stringify({ compressed: name, filler: "abc".repeat(1000) }));
      const body =
        name === "gzip"
          ? zlib.gzipSync(plain)
          : name === "deflate"
            ? zlib.deflateSync(plain)
            : name === "deflate-raw"
              ? zlib.deflateRawSync(plain)
              : zlib.brotliCompressSync(plain);
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": name === "deflate-raw" ? "deflate" : name,
        "content-length": body.length,
      });
      response.end(body);
      return;
    }
    case "/cookies/set": {
      const cookies = [...url.searchParams].map(([name, value]) => `${name}=${value}; Path=/`);
      response.writeHead(200, { "set-cookie": cookies, "content-length": 0 });
      response.end();
      return;
    }
    case "/cookies": {
      const header = request.headers.cookie ?? "";
      const cookies = Object.fromEntries(
        header
          .split(";")
          .map((part) => part.trim())
          .filter((part) => part !== "")
          .map((part) => [part.slice(0, part.indexOf("=")), part.slice(part.indexOf("=") + 1)]),
      );
      sendJson(response, 200, { cookies });
      return;
    }
    case "/basic-auth": {
      const expected =
        "Basic " +
        Buffer.from(`${url.searchParams.get("user")}:${url.searchParams.get("pass")}`).toString(
          "base64",
        );
      if (request.headers.authorization === expected)
        sendJson(response, 200, { authenticated: true });
      else
        sendJson(
          response,
          401,
          { authenticated: false },
          { "www-authenticate": 'Basic realm="test"' },
        );
      return;
    }
    case "/lines": {
      response.writeHead(200, { "content-type": "text/plain" });
      const n = query(url, "n", 5);
      for (let index = 0; index < n; index++) response.write(`line ${index}\n`);
      response.end();
      return;
    }
    default:
      sendJson(response, 404, { error: "not found", path: url.pathname });
  }
}
