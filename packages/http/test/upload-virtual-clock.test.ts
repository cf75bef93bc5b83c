// File uploads on the virtual clock. The reads behind a file-backed Blob (`openFile`) are
// I/O Node lists as no request in flight, so the VirtualClock saw a quiet process and jumped
// to the request's total deadline mid-upload. Each read of a Blob or FormData body now holds
// the clock (`paceWithRealTime`) until it is done. The slow Blob below stands in for a slow
// disk: each chunk comes after many idle Node turns and no libuv request (no real sleep).
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { inVirtualLoop, useServer } from "./helpers.js";

const target = useServer();

/** Resolves after `turns` turns of Node's event loop (setImmediate), nothing else in flight. */
async function idleTurns(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A Blob whose stream hands out its bytes slowly, in `chunks` pieces, like a slow disk. */
class SlowBlob extends Blob {
  readonly #bytes: Uint8Array;
  readonly #chunks: number;

  constructor(bytes: Uint8Array, chunks: number) {
    super([bytes]);
    this.#bytes = bytes;
    this.#chunks = chunks;
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const bytes = this.#bytes;
    const size = Math.ceil(bytes.length / this.#chunks);
    let offset = 0;
    return new ReadableStream({
      async pull(controller) {
        await idleTurns(50);
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + size)));
        offset += size;
      },
    });
  }
}

describe("uploads on the virtual clock", () => {
  it("a Blob body read slowly (I/O the clock cannot see) is not cut by a jump to the total deadline", async () => {
    const bytes = new Uint8Array(64 * 1024).fill(7);
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ timeout: { total: 5000 } });
      const start = getRunningLoop().time();
      const response = await session.post(target.url("/echo"), { data: new SlowBlob(bytes, 8) });
      expect(response.status).toBe(200);
      const echoed = await response.json<{ body: string }>();
      expect(echoed.body.length).toBe(bytes.length);
      // Held during each read: virtual time ran no faster than real time.
      expect(getRunningLoop().time() - start).toBeLessThan(5000);
    });
  });
});
