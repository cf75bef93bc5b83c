// A session parses each request URL once and shares the parse between the requests made
// with the same string (internal/url-cache.ts): nothing one request adds to or takes from
// its URL (params, credentials) may reach another request to that URL.
import { describe, expect, it } from "vitest";
import { ClientSession } from "../src/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();

interface Echo {
  query: Record<string, string>;
  headers: Record<string, string>;
}

describe("the session's parsed URLs", () => {
  it("a request's params stay out of the next request to the same URL", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const url = http.url("/echo?fixed=1");
      const plain = async (): Promise<Echo> => (await session.get(url)).json<Echo>();
      expect((await plain()).query).toEqual({ fixed: "1" });
      const withParams = await session.get(url, { params: { added: "2" } });
      expect((await withParams.json<Echo>()).query).toEqual({ fixed: "1", added: "2" });
      expect((await plain()).query).toEqual({ fixed: "1" });
      expect(withParams.url).toBe(`${url}&added=2`);
    });
  });

  it("credentials in a URL are sent by every request made with it, and stay out of its url", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const url = http.url("/basic-auth?user=u&pass=p").replace("http://", "http://u:p@");
      for (let round = 0; round < 3; round++) {
        const response = await session.get(url);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ authenticated: true });
        expect(response.url).toBe(http.url("/basic-auth?user=u&pass=p"));
      }
      // The same path without credentials is not given them.
      expect((await session.get(http.url("/basic-auth?user=u&pass=p"))).status).toBe(401);
    });
  });

  it("relative URLs resolve against the session's baseUrl, a URL object by its href", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ baseUrl: http.url("/") });
      for (let round = 0; round < 2; round++) {
        const response = await session.get("echo?r=1");
        expect(response.url).toBe(http.url("/echo?r=1"));
        expect((await response.json<Echo>()).query).toEqual({ r: "1" });
        const byObject = await session.get(new URL(http.url("/echo?r=2")));
        expect((await byObject.json<Echo>()).query).toEqual({ r: "2" });
      }
    });
  });

  it("more distinct URLs than it keeps (256) each still reach their own target", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      for (let round = 0; round < 2; round++) {
        for (let index = 0; index < 300; index += 1) {
          const response = await session.get(http.url(`/echo?i=${index}`));
          expect((await response.json<Echo>()).query).toEqual({ i: String(index) });
        }
      }
    });
  });
});
