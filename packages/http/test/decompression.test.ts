// Content-Encoding: gzip, deflate (zlib and raw) and br are decoded (aiohttp's auto_decompress).
import { describe, expect, it } from "vitest";
import { ClientPayloadError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("decompression", () => {
  for (const encoding of ["gzip", "deflate", "deflate-raw", "br"]) {
    it(`decodes ${encoding}`, async () => {
      await inLoop(async () => {
        await using session = new ClientSession();
        const body = await (
          await session.get(http.url(`/${encoding}`))
        ).json<{ compressed: string; filler: string }>();
        expect(body.compressed).toBe(encoding);
        expect(body.filler).toHaveLength(3000);
      });
    });
  }

  it("leaves the body alone with autoDecompress: false and does not ask for compression", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ autoDecompress: false });
      const response = await session.get(http.url("/gzip"));
      const raw = Buffer.from(await response.read());
      expect(raw[0]).toBe(0x1f);
      expect(raw[1]).toBe(0x8b);
      const echo = await (
        await session.get(http.url("/echo"))
      ).json<{ headers: Record<string, string> }>();
      expect(echo.headers["accept-encoding"]).toBeUndefined();
    });
  });

  it("raises ClientPayloadError for a body that does not decode", async () => {
    await inLoop(async () => {
      http.server.route("/bad-gzip", (_request, response) => {
        response.writeHead(200, { "content-encoding": "gzip", "content-length": 10 });
        response.end(Buffer.from("not gzip!!"));
      });
      await using session = new ClientSession();
      const response = await session.get(http.url("/bad-gzip"));
      expect(await failure(response.read())).toBeInstanceOf(ClientPayloadError);
    });
  });
});
