// RFC 9112 §6.3: a 204 or 304 response ends at the blank line after its head, whatever its
// Content-Length says; the body is empty and nothing is an error.
import { describe, expect, it } from "vitest";
import { ClientSession } from "../src/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("204 and 304 with a Content-Length", () => {
  for (const [status, reason] of [
    [204, "No Content"],
    [304, "Not Modified"],
  ] as const) {
    it(`a ${status} with Content-Length: 7 and no body is complete and empty`, async () => {
      http.server.route(`/no-body-${status}`, (request) => {
        request.socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 7\r\n\r\n`);
      });
      await inLoop(async () => {
        await using session = new ClientSession();
        const response = await session.get(http.url(`/no-body-${status}`));
        expect(response.status).toBe(status);
        expect(await response.text()).toBe("");
        expect(session.connector.stats().active).toBe(0);
        // The session still works afterwards.
        expect((await session.get(http.url("/json"))).status).toBe(200);
      });
    });
  }
});
