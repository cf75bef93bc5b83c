// A 3xx whose Location can not be followed, its body still arriving: the request fails with
// InvalidURL and the redirect response is released, so hostile servers can not fill the
// connector's slots.
import { describe, expect, it } from "vitest";
import { ClientSession, InvalidURL } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("unfollowable Location", () => {
  for (const location of ["file:///x", "http://[::1", "ftp://example.com/"]) {
    it(`releases the 3xx whose Location is ${location} and frees its slot`, async () => {
      http.server.route("/bad-location", (request) => {
        // The head, and a body that never ends: the response holds its socket and slot.
        request.socket.write(
          `HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 1000\r\n\r\npartial`,
        );
      });
      await inLoop(async () => {
        await using session = new ClientSession({ connector: { limit: 2 } });
        for (let i = 0; i < 2; i++) {
          expect(await failure(session.get(http.url("/bad-location")))).toBeInstanceOf(InvalidURL);
        }
        expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
        expect((await session.get(http.url("/json"))).status).toBe(200);
        await http.server.waitForSockets(0);
      });
    });
  }
});
