// A request body that fails midway (#16): its source throwing, a file changed after it was
// opened, or a hostile server dropping the connection part-way through the upload, is a
// typed `ClientRequestBodyError` (a ClientPayloadError: the request side of aiohttp's,
// whose messages "Can not write request body for URL" it keeps), with the cause and how many
// bytes went out, and is never retried; a body sent whole keeps the connection error
// (retryable as before).
import { writeFile, mkdtemp, rm, appendFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientPayloadError,
  ClientRequestBodyError,
  ClientSession,
  ServerDisconnectedError,
  openFile,
} from "../src/index.js";
import { failure, inVirtualLoop, useServer } from "./helpers.js";

const target = useServer();

/** A server that reads the request head and `limit` body bytes, then drops the connection. */
interface HostileServer {
  readonly url: string;
  readonly connections: number;
  close(): Promise<void>;
}

async function hostileServer(limit: number): Promise<HostileServer> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let received = Buffer.alloc(0);
    socket.on("data", (data) => {
      received = Buffer.concat([received, data]);
      const headEnd = received.indexOf("\r\n\r\n");
      if (headEnd >= 0 && received.length - headEnd - 4 >= limit) socket.destroy();
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/upload`,
    get connections() {
      return connections;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let dir: string;
let bigFile: string;
const BIG = 4 * 1024 * 1024;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aiots-upload-"));
  bigFile = join(dir, "big.bin");
  await writeFile(bigFile, Buffer.alloc(BIG, 7));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("request body failing midway", () => {
  it("a source that throws midway: ClientRequestBodyError with the cause and the bytes sent", async () => {
    const cause = new Error("disk gone");
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      async function* source(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(1000);
        yield new Uint8Array(500);
        throw cause;
      }
      const error = await failure(session.put(target.url("/echo"), { data: source() }));
      expect(error).toBeInstanceOf(ClientRequestBodyError);
      expect(error).toBeInstanceOf(ClientPayloadError);
      const bodyError = error as ClientRequestBodyError;
      expect(bodyError.cause).toBe(cause);
      expect(bodyError.code).toBe("ERR_AIOTS_HTTP_REQUEST_BODY");
      expect(bodyError.message).toBe("Request body source failed midway: disk gone");
      expect(bodyError.bytesSent).toBe(1500);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("a hostile server dropping the connection mid-upload: ClientRequestBodyError, not retried", async () => {
    const hostile = await hostileServer(64 * 1024);
    try {
      await inVirtualLoop(async () => {
        await using session = new ClientSession({
          retry: { attempts: 3, methods: ["PUT"], initialDelay: 100, jitter: false },
        });
        // A file body can be sent again (a retry would re-read it), yet half sent is never resent.
        const error = await failure(session.put(hostile.url, { data: await openFile(bigFile) }));
        expect(error).toBeInstanceOf(ClientRequestBodyError);
        const bodyError = error as ClientRequestBodyError;
        expect(bodyError.message).toMatch(
          new RegExp(`^Can not write request body for ${hostile.url}: .* \\(after \\d+ bytes\\)$`),
        );
        expect(bodyError.bytesSent).toBeGreaterThan(0);
        expect(bodyError.bytesSent).toBeLessThan(BIG);
        expect(bodyError.cause).toBeInstanceOf(Error);
        expect(hostile.connections).toBe(1);
      });
    } finally {
      await hostile.close();
    }
  });

  it("a streamed body cut off by the server: ClientRequestBodyError, not ServerDisconnectedError", async () => {
    const hostile = await hostileServer(10_000);
    try {
      await inVirtualLoop(async () => {
        await using session = new ClientSession();
        async function* source(): AsyncGenerator<Uint8Array> {
          for (let index = 0; index < 256; index++) {
            yield new Uint8Array(16 * 1024);
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        const error = await failure(session.post(hostile.url, { data: source() }));
        expect(error).toBeInstanceOf(ClientRequestBodyError);
        expect((error as ClientRequestBodyError).bytesSent).toBeLessThan(256 * 16 * 1024);
      });
    } finally {
      await hostile.close();
    }
  });

  it("a body sent whole, then the connection dropped: the connection error as before", async () => {
    const hostile = await hostileServer(100);
    try {
      await inVirtualLoop(async () => {
        await using session = new ClientSession();
        const error = await failure(session.post(hostile.url, { data: new Uint8Array(100) }));
        expect(error).toBeInstanceOf(ServerDisconnectedError);
      });
    } finally {
      await hostile.close();
    }
  });

  it("a file changed after it was opened fails the request with ClientRequestBodyError", async () => {
    const path = join(dir, "changing.txt");
    await writeFile(path, "first version\n");
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const file = await openFile(path);
      await appendFile(path, "appended later\n");
      const error = await failure(session.put(target.url("/echo"), { data: file }));
      expect(error).toBeInstanceOf(ClientRequestBodyError);
      expect((error as Error).cause).toBeInstanceOf(Error);
    });
  });
});
