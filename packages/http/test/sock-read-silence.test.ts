// sockRead is the longest silence between bytes, in the head and in the body, measured on
// the session's loop clock (a virtual clock drives it), within a few ms of the setting
// (aiohttp: 253 ms for 250). It used to be undici's headersTimeout/bodyTimeout: coarse
// (250 ms fired after ~1000 ms) and on real time only.
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import { ClientSession, SocketTimeoutError } from "../src/index.js";
import { failure, inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();

describe("sockRead on the loop clock", () => {
  for (const ms of [100, 250, 500, 2000]) {
    it(`a head that never comes fails after sockRead ${ms} ms of (virtual) silence`, async () => {
      await inVirtualLoop(async () => {
        const loop = getRunningLoop();
        await using session = new ClientSession({ timeout: { sockRead: ms } });
        const started = loop.time();
        const error = await failure(session.get(http.url("/hang")));
        const elapsed = loop.time() - started;
        expect(error).toBeInstanceOf(SocketTimeoutError);
        expect((error as Error).message).toContain(`${ms} ms (timeout.sockRead)`);
        expect(elapsed).toBeGreaterThanOrEqual(ms);
        expect(elapsed).toBeLessThan(ms + 5);
        expect(session.connector.stats().active).toBe(0);
      });
    });
  }

  it("a body that stalls fails sockRead ms after its last byte, and frees its slot", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ timeout: { sockRead: 250 } });
      const response = await session.get(http.url("/stall-body?sent=10"));
      const started = loop.time();
      const error = await failure(response.read());
      const elapsed = loop.time() - started;
      expect(error).toBeInstanceOf(SocketTimeoutError);
      expect(elapsed).toBeLessThan(255);
      expect(session.connector.stats().active).toBe(0);
      await http.server.waitForSockets(0);
    });
  });

  it("a request override wins over the session's sockRead", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ timeout: { sockRead: 10_000 } });
      const started = loop.time();
      const error = await failure(session.get(http.url("/hang"), { timeout: { sockRead: 300 } }));
      expect(error).toBeInstanceOf(SocketTimeoutError);
      expect(loop.time() - started).toBeLessThan(305);
    });
  });

  it("a reader that stops reading is not the server's silence", async () => {
    await inVirtualLoop(async () => {
      http.server.route("/big-then-hang", (_request, response) => {
        response.writeHead(200, { "content-length": String(8 * 1024 * 1024) });
        response.write(Buffer.alloc(4 * 1024 * 1024, 1)); // more than the buffer's mark
      });
      await using session = new ClientSession({ timeout: { sockRead: 1000 } });
      const response = await session.get(http.url("/big-then-hang"));
      const first = await response.content.readAny();
      expect(first.length).toBeGreaterThan(0);
      // Paused by backpressure: no timeout however long the reader waits ...
      await new Promise<void>((resolve) => getRunningLoop().callLater(5000, resolve));
      expect(response._handler.socketDone).toBe(false);
      // ... and once it reads again, the server's silence counts.
      const error = await failure(response.read());
      expect(error).toBeInstanceOf(SocketTimeoutError);
    });
  });
});
