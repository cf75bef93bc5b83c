// Inflating pauses when the reader does: a reader that stops after one chunk finds at most
// about the high-water mark (1 MiB) buffered, however much the compressed body would
// inflate to (it used to find 18-140 MiB).
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import { ClientSession } from "../src/index.js";
import { inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();
const MiB = 1024 * 1024;

describe("decompression backpressure", () => {
  for (const coding of ["gzip", "br"] as const) {
    it(`a paused reader holds about 1 MiB of 32 MiB of ${coding}`, async () => {
      const input = Buffer.alloc(32 * MiB, 7);
      const body =
        coding === "gzip"
          ? zlib.gzipSync(input)
          : zlib.brotliCompressSync(input, {
              params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 },
            });
      http.server.route(`/pressure-${coding}`, (_request, response) => {
        response.writeHead(200, { "content-encoding": coding, "content-length": body.length });
        response.end(body);
      });
      await inVirtualLoop(async () => {
        await using session = new ClientSession();
        const response = await session.get(http.url(`/pressure-${coding}`));
        const first = await response.content.readAny();
        expect(first.length).toBeGreaterThan(0);
        // The reader pauses (500 ms of the loop's clock; the I/O runs meanwhile).
        await new Promise<void>((resolve) => getRunningLoop().callLater(500, resolve));
        const buffered = response._handler.body.buffered;
        expect(buffered).toBeLessThan(MiB + 256 * 1024);
        // Reading on gets every byte.
        let size = first.length;
        for await (const chunk of response.content) size += chunk.length;
        expect(size).toBe(32 * MiB);
        // Inflating runs on the thread pool, where the clock cannot see it: the body holds
        // the clock meanwhile (it used to jump to the total deadline under load).
      });
    });
  }
});
