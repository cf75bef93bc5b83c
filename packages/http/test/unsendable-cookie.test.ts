// A header that can not be sent (a jar cookie with a non-Latin-1 value) is a caller error:
// a TypeError raised before any connection exists, never a connector error, never retried.
import { describe, expect, it } from "vitest";
import { CookieJar } from "tough-cookie";
import { ClientConnectionError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("a cookie that can not be sent", () => {
  it("raises TypeError naming the Cookie header, opens nothing and is not retried", async () => {
    await inLoop(async () => {
      const jar = new CookieJar();
      jar.setCookieSync("u=€uro", http.url("/"));
      await using session = new ClientSession({ cookieJar: jar, retry: { attempts: 3 } });
      const sockets = http.server.totalSockets;
      const hits = http.server.hits("/json");
      const error = await failure(session.get(http.url("/json")));
      expect(error).toBeInstanceOf(TypeError);
      expect(error).not.toBeInstanceOf(ClientConnectionError);
      expect(String(error)).toContain("Cookie");
      expect(http.server.totalSockets).toBe(sockets);
      expect(http.server.hits("/json")).toBe(hits);
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
