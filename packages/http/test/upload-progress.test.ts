// Upload progress (#16): the trace hook `onRequestChunkSent` (aiohttp's
// `on_request_chunk_sent`, with `sent` and `total` added) and the request's
// `onUploadProgress`, both fed by undici's `onBodySent` as each chunk is written to the socket.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/tasks";
import { ClientSession, openFile, type UploadProgress } from "../src/index.js";
import { failure, inVirtualLoop, useServer } from "./helpers.js";

const target = useServer();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aiots-progress-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("upload progress", () => {
  it("reports a byte body once, sent = total", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const seen: UploadProgress[] = [];
      const response = await session.post(target.url("/echo"), {
        data: new Uint8Array(3000),
        onUploadProgress: (progress) => seen.push(progress),
      });
      await response.read();
      expect(seen).toEqual([{ sent: 3000, total: 3000 }]);
    });
  });

  it("reports each chunk of a stream, the total unknown", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const seen: UploadProgress[] = [];
      async function* source(): AsyncGenerator<Uint8Array> {
        for (const size of [10, 20, 30]) yield new Uint8Array(size);
      }
      await (
        await session.post(target.url("/echo"), {
          data: source(),
          onUploadProgress: (progress) => seen.push(progress),
        })
      ).read();
      expect(seen).toEqual([
        { sent: 10, total: undefined },
        { sent: 30, total: undefined },
        { sent: 60, total: undefined },
      ]);
    });
  });

  it("calls the trace hook with the chunk, sent and total of a file body", async () => {
    const path = join(dir, "upload.bin");
    const size = 256 * 1024 + 17;
    await writeFile(path, Buffer.alloc(size, 1));
    const events: Array<{ url: string; chunk: number; sent: number; total: number | undefined }> =
      [];
    await inVirtualLoop(async () => {
      await using session = new ClientSession({
        trace: {
          onRequestChunkSent: ({ url, chunk, sent, total }) =>
            events.push({ url, chunk: chunk.byteLength, sent, total }),
        },
      });
      await (await session.put(target.url("/echo"), { data: await openFile(path) })).read();
    });
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ sent: size, total: size });
    let sum = 0;
    for (const event of events) {
      sum += event.chunk;
      expect(event.sent).toBe(sum);
      expect(event.url).toBe(target.url("/echo"));
    }
  });

  it("reports a callback that throws to the loop's exception handler; the upload goes on", async () => {
    const reported: unknown[] = [];
    await inVirtualLoop(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reported.push(context.message));
      await using session = new ClientSession();
      const response = await session.post(target.url("/echo"), {
        data: "hello",
        onUploadProgress: () => {
          throw new Error("bad callback");
        },
      });
      expect(await response.json<{ body: string }>()).toMatchObject({ body: "hello" });
    });
    expect(reported).toEqual(["onUploadProgress failed"]);
  });

  it("rejects an onUploadProgress that is not a function", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(
        session.post(target.url("/echo"), {
          data: "x",
          onUploadProgress: 5 as unknown as () => void,
        }),
      );
      expect((error as Error).message).toBe(
        "Expected `onUploadProgress` to be a function, got `5` (number)",
      );
    });
  });
});
