// Real I/O (the server paces itself on real time): a head that trickles in a byte every
// 50 ms never times out with sockRead 1000, since bytes keep arriving (undici's
// headersTimeout, used before, timed out the whole head after ~1-2 s).
import { describe, expect, it } from "vitest";
import { ClientSession } from "../src/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("a trickled head", () => {
  it("is not a silence: sockRead 1000 with a byte every 50 ms for 3 s completes", async () => {
    const head = Buffer.from(
      `HTTP/1.1 200 OK\r\nX-Pad: ${"p".repeat(20)}\r\nContent-Length: 2\r\n\r\nok`,
    );
    http.server.route("/trickle", (request) => {
      let index = 0;
      const timer = setInterval(() => {
        if (request.socket.destroyed || index >= head.length) {
          clearInterval(timer);
          return;
        }
        request.socket.write(head.subarray(index, index + 1));
        index++;
      }, 50);
    });
    expect(head.length).toBeGreaterThanOrEqual(60); // >= 3 s of trickling
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { sockRead: 1000 } });
      const response = await session.get(http.url("/trickle"));
      expect(await response.text()).toBe("ok");
    });
  }, 20_000);
});
