// Importing @aiots/http loads neither undici nor tough-cookie: a session loads undici on
// its first request and the cookie library only if it keeps cookies (issue #11 item 11).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function loadedAfter(code: string): string[] {
  const probe = `
    const http = await import("@aiots/http");
    ${code}
    const { default: Module } = await import("node:module");
    const names = ["undici", "tough-cookie"].filter((name) =>
      Object.keys(Module._cache).some((file) => file.includes("/node_modules/" + name + "/")),
    );
    console.log(JSON.stringify(names));`;
  const out = execFileSync(
    process.execPath,
    ["--conditions=@aiots/source", "--import", "tsx", "--input-type=module", "-e", probe],
    { encoding: "utf8", cwd: new URL("..", import.meta.url).pathname },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as string[];
}

describe("dependencies load when a session uses them", () => {
  it("the import and a session without cookies load neither undici nor tough-cookie", () => {
    expect(loadedAfter("new http.ClientSession();")).toEqual([]);
  });

  it("cookieJar: true loads tough-cookie; the first pool loads undici", () => {
    expect(loadedAfter("new http.ClientSession({ cookieJar: true });")).toEqual(["tough-cookie"]);
    expect(loadedAfter('new http.Connector().pool("http://127.0.0.1:1");')).toEqual(["undici"]);
  });
}, 30_000);
