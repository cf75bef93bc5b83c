// RFC 9110 §15.2: a client skips 1xx responses it did not ask for and reads the final one.
// undici's parser rejects an unsolicited 100 Continue ("bad response"); 102/103 it skips.
import { describe, expect, it } from "vitest";
import { ClientSession } from "../src/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();

const FINAL = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";

describe("unsolicited 1xx before the final response", () => {
  const cases: Record<string, string[]> = {
    "a 100 Continue": ["HTTP/1.1 100 Continue\r\n\r\n" + FINAL],
    "two 100 Continue": ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" + FINAL],
    "a 100 with headers, then 103": [
      "HTTP/1.1 100 Continue\r\nX-A: 1\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" +
        FINAL,
    ],
    "a 100 split over writes": ["HTTP/1.1 10", "0 Contin", "ue\r\n\r", "\n" + FINAL],
    "a 100 on an HTTP/1.0 line": ["HTTP/1.0 100 Continue\r\n\r\n" + FINAL],
  };
  for (const [name, writes] of Object.entries(cases)) {
    it(`skips ${name} and returns the 200`, async () => {
      const path = `/interim-${name.replace(/\W+/g, "-")}`;
      http.server.route(path, async (request) => {
        for (const part of writes) {
          request.socket.write(part);
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
      await inLoop(async () => {
        await using session = new ClientSession();
        for (let i = 0; i < 2; i++) {
          // twice: on a fresh socket and on the kept-alive one
          const response = await session.get(http.url(path));
          expect(response.status).toBe(200);
          expect(await response.text()).toBe("ok");
        }
        expect(session.connector.stats().active).toBe(0);
      });
    });
  }
});
