// Cookies through tough-cookie's CookieJar (aiohttp's CookieJar / cookie_jar option).
import { describe, expect, it } from "vitest";
import { CookieJar } from "tough-cookie";
import { ClientSession } from "../src/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("cookies", () => {
  it("keeps cookies set by responses and sends them back with cookieJar: true", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ cookieJar: true });
      await (await session.get(http.url("/cookies/set?a=1&b=2"))).read();
      const { cookies } = await (
        await session.get(http.url("/cookies"))
      ).json<{ cookies: Record<string, string> }>();
      expect(cookies).toEqual({ a: "1", b: "2" });
      expect(session.cookieJar?.getCookieStringSync(http.url("/"))).toBe("a=1; b=2");
    });
  });

  it("uses a given CookieJar and merges with an explicit Cookie header", async () => {
    await inLoop(async () => {
      const jar = new CookieJar();
      jar.setCookieSync("token=abc", http.url("/"));
      await using session = new ClientSession({ cookieJar: jar });
      const { cookies } = await (
        await session.get(http.url("/cookies"), { headers: { cookie: "extra=1" } })
      ).json<{ cookies: Record<string, string> }>();
      expect(cookies).toEqual({ extra: "1", token: "abc" });
    });
  });

  it("keeps no cookies by default", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      await (await session.get(http.url("/cookies/set?a=1"))).read();
      const { cookies } = await (
        await session.get(http.url("/cookies"))
      ).json<{ cookies: Record<string, string> }>();
      expect(cookies).toEqual({});
      expect(session.cookieJar).toBeUndefined();
    });
  });

  it("stores cookies set by redirect responses", async () => {
    await inLoop(async () => {
      http.server.route("/set-and-redirect", (_request, response) => {
        response.writeHead(302, {
          location: "/cookies",
          "set-cookie": "hop=1; Path=/",
          "content-length": 0,
        });
        response.end();
      });
      await using session = new ClientSession({ cookieJar: true });
      const { cookies } = await (
        await session.get(http.url("/set-and-redirect"))
      ).json<{ cookies: Record<string, string> }>();
      expect(cookies).toEqual({ hop: "1" });
    });
  });
});
