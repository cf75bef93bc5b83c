// Credentials on redirects: every credential header and the session's, the request's and
// the URL's auth are dropped when a redirect leaves the origin (aiohttp's client.py drops
// Authorization, Cookie and Proxy-Authorization); credentials a `Location` carries are
// never used nor shown (a server can not plant them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BasicAuth, ClientSession } from "../src/index.js";
import { TestServer } from "../src/testing/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();
let other: TestServer;
beforeAll(async () => {
  other = await TestServer.start();
});
afterAll(async () => {
  await other.close();
});

interface Echo {
  headers: Record<string, string | undefined>;
}

const CREDENTIAL_HEADERS = {
  authorization: "Bearer secret-token",
  "proxy-authorization": "Basic cHJveHk6c2VjcmV0",
  cookie: "session=secret",
};

describe("credentials on redirects", () => {
  for (const [name, value] of Object.entries(CREDENTIAL_HEADERS)) {
    it(`drops a ${name} header on a cross-origin redirect and keeps it on a same-origin one`, async () => {
      await inLoop(async () => {
        await using session = new ClientSession();
        const headers = { [name]: value, "x-other": "kept" };
        const same = await (
          await session.get(http.url("/redirect-to?url=/echo"), { headers })
        ).json<Echo>();
        expect(same.headers[name]).toBe(value);
        const target = encodeURIComponent(other.urlFor("/echo"));
        const cross = await (
          await session.get(http.url(`/redirect-to?url=${target}`), { headers })
        ).json<Echo>();
        expect(cross.headers[name]).toBeUndefined();
        expect(cross.headers["x-other"]).toBe("kept");
      });
    });
  }

  it("drops the same headers given as session defaults", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ headers: CREDENTIAL_HEADERS });
      const target = encodeURIComponent(other.urlFor("/echo"));
      const cross = await (await session.get(http.url(`/redirect-to?url=${target}`))).json<Echo>();
      for (const name of Object.keys(CREDENTIAL_HEADERS))
        expect(cross.headers[name]).toBeUndefined();
    });
  });

  it("drops session auth, request auth and credentials from the request URL", async () => {
    await inLoop(async () => {
      const target = encodeURIComponent(other.urlFor("/echo"));
      await using session = new ClientSession({ auth: new BasicAuth("s", "session-pw") });
      const fromSession = await (
        await session.get(http.url(`/redirect-to?url=${target}`))
      ).json<Echo>();
      expect(fromSession.headers.authorization).toBeUndefined();
      const fromRequest = await (
        await session.get(http.url(`/redirect-to?url=${target}`), {
          auth: new BasicAuth("r", "request-pw"),
        })
      ).json<Echo>();
      expect(fromRequest.headers.authorization).toBeUndefined();
      const withUser = http
        .url(`/redirect-to?url=${target}`)
        .replace("http://", "http://u:url-pw@");
      const fromUrl = await (await session.get(withUser)).json<Echo>();
      expect(fromUrl.headers.authorization).toBeUndefined();
    });
  });

  it("strips user and password a Location carries: not sent, not in the response URL", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      for (const server of [http.server, other]) {
        const planted = server.urlFor("/echo").replace("http://", "http://evil:planted@");
        const response = await session.get(
          http.url(`/redirect-to?url=${encodeURIComponent(planted)}`),
        );
        const echo = await response.json<Echo>();
        expect(echo.headers.authorization).toBeUndefined();
        expect(response.url).toBe(server.urlFor("/echo"));
        expect(response.requestInfo.realUrl).not.toContain("planted");
      }
    });
  });
});
