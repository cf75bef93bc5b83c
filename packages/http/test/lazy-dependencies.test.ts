// Importing @aiots/http loads none of its dependencies (issue #11 item 11); making a
// session or connector loads what requests need, so that no request loads a module inside
// its own deadline (issue #12: undici's first `require` took 70-140 ms and fired a
// `timeout.total` of 50 ms on a first request the server answered in 1 ms).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const DEPENDENCIES = ["undici", "tough-cookie", "form-data-encoder"];

/** Runs `code` (ESM, top-level await) in a fresh process; returns its last JSON line. */
function probe(code: string): unknown {
  const out = execFileSync(
    process.execPath,
    ["--conditions=@aiots/source", "--import", "tsx", "--input-type=module", "-e", code],
    { encoding: "utf8", cwd: new URL("..", import.meta.url).pathname },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

function loadedAfter(code: string): unknown {
  return probe(`
    const http = await import("@aiots/http");
    ${code}
    const { default: Module } = await import("node:module");
    const files = Object.keys(Module._cache);
    console.log(JSON.stringify(${JSON.stringify(DEPENDENCIES)}.filter((name) =>
      files.some((file) => file.includes("/node_modules/" + name + "/")))));`);
}

describe("dependencies load when a session is made, never inside a request", () => {
  it("the import alone loads none of them", () => {
    expect(loadedAfter("")).toEqual([]);
  });

  it("a session or a connector loads undici and form-data-encoder; cookieJar: true adds tough-cookie", () => {
    expect(loadedAfter("new http.ClientSession();")).toEqual(["undici", "form-data-encoder"]);
    expect(loadedAfter("new http.Connector();")).toEqual(["undici", "form-data-encoder"]);
    expect(loadedAfter("new http.ClientSession({ cookieJar: true });")).toEqual(DEPENDENCIES);
  });

  it("a session's first GET, form POST and multipart POST load no module (their deadlines never wait on a require)", () => {
    const loaded = probe(`
      const { ClientSession } = await import("@aiots/http");
      const { run } = await import("@aiots/tasks");
      const { createServer } = await import("node:http");
      const { default: Module } = await import("node:module");
      const server = createServer((request, response) => { request.resume(); request.on("end", () => response.end("ok")); });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = "http://127.0.0.1:" + server.address().port + "/";
      const loaded = await run(async () => {
        const session = new ClientSession({ timeout: { total: 5000 } });
        // Packages by name: undici's own parser (llhttp, WebAssembly compiled on its first
        // connection, ~10 ms) is inside undici, which is loaded already.
        const packages = () => new Set(Object.keys(Module._cache).map((file) => file.split("/node_modules/").at(-1).split("/")[0]));
        const before = packages();
        const form = new FormData();
        form.append("file", new Blob(["x"]), "x.txt");
        const statuses = [];
        for (const options of [{}, { data: { a: "1" } }, { data: form }]) {
          const response = await session.request(options.data === undefined ? "GET" : "POST", url, options);
          await response.text();
          statuses.push(response.status);
        }
        await session.close();
        return { statuses, packages: [...packages()].filter((name) => !before.has(name)) };
      });
      server.close();
      console.log(JSON.stringify(loaded));`);
    expect(loaded).toEqual({ statuses: [200, 200, 200], packages: [] });
  });
  // Each check is a fresh node process with tsx: seconds each on a loaded CI machine.
}, 120_000);
