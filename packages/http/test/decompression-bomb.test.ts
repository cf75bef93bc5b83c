// A small compressed body that inflates to a huge one: `read()`/`text()`/`json()` stop at
// `maxBodySize` (bytes after decoding; default 64 MiB; `Infinity` allowed) with a
// ClientPayloadError naming the limit, and the connection is closed. It used to inflate
// 200 KB of gzip into 200 MiB (+400 MiB RSS).
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientPayloadError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();
const MiB = 1024 * 1024;

function zeros(size: number, coding: "gzip" | "br" | "deflate"): Buffer {
  const input = Buffer.alloc(size);
  if (coding === "br") {
    return zlib.brotliCompressSync(input, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 },
    });
  }
  return coding === "gzip" ? zlib.gzipSync(input, { level: 9 }) : zlib.deflateSync(input);
}

beforeAll(() => {
  const bombs = new Map<string, Buffer>();
  http.server.route("/bomb", (request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const size = Number(url.searchParams.get("mib") ?? "200") * MiB;
    const coding = (url.searchParams.get("coding") ?? "gzip") as "gzip" | "br" | "deflate";
    const key = `${coding}:${size}`;
    let body = bombs.get(key);
    if (body === undefined) bombs.set(key, (body = zeros(size, coding)));
    response.writeHead(200, { "content-encoding": coding, "content-length": body.length });
    response.end(body);
  });
});

describe("decompression bombs and maxBodySize", () => {
  for (const coding of ["gzip", "br", "deflate"] as const) {
    it(`read() of 64 MiB of ${coding} stops at maxBodySize (1 MiB) naming it`, async () => {
      await inLoop(async () => {
        await using session = new ClientSession({ maxBodySize: MiB });
        const response = await session.get(http.url(`/bomb?mib=64&coding=${coding}`));
        const rss = process.memoryUsage().rss;
        const error = await failure(response.read());
        expect(error).toBeInstanceOf(ClientPayloadError);
        expect((error as Error).message).toContain("maxBodySize (1048576 bytes");
        expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MiB);
        expect(session.connector.stats().active).toBe(0);
      });
    });
  }

  it("the default bound is 64 MiB after decoding", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(
        session.get(http.url("/bomb?mib=65")).then(async (response) => response.text()),
      );
      expect(error).toBeInstanceOf(ClientPayloadError);
      expect((error as Error).message).toContain("maxBodySize (67108864 bytes");
    });
  });

  it("a request's maxBodySize wins; Infinity lifts the bound; plain bodies count too", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ maxBodySize: MiB });
      const big = await session.get(http.url("/bomb?mib=3"), { maxBodySize: Infinity });
      expect((await big.read()).length).toBe(3 * MiB);
      const plain = await session.get(http.url("/bytes?n=2000"), { maxBodySize: 1000 });
      const error = await failure(plain.read());
      expect(error).toBeInstanceOf(ClientPayloadError);
      expect((error as Error).message).toContain("maxBodySize (1000 bytes");
      expect((await (await session.get(http.url("/bytes?n=1000"))).read()).length).toBe(1000);
    });
  });

  it("streaming through content is not bounded by maxBodySize", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ maxBodySize: MiB });
      const response = await session.get(http.url("/bomb?mib=4"));
      let size = 0;
      for await (const chunk of response.content) size += chunk.length;
      expect(size).toBe(4 * MiB);
    });
  });

  it("refuses a maxBodySize that is not a size", () => {
    expect(() => new ClientSession({ maxBodySize: -1 })).toThrow(
      "Expected `maxBodySize` to be an integer >= 0 or Infinity, got `-1` (number)",
    );
    expect(() => new ClientSession({ maxBodySize: "1" as never })).toThrow(TypeError);
  });
});
