// Files and multipart bodies (#16): `openFile` streams a path (read as it is sent, its size as
// Content-Length), a plain-object `data` holding a file is multipart (aiohttp's `data=dict`
// with files), a `FormData` is streamed by form-data-encoder with one boundary, so a 307
// redirect resends the same bytes. The loopback server parses what arrived with undici's own
// multipart parser (`Response.formData()`).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSession, openFile } from "../src/index.js";
import { failure, inVirtualLoop, useServer } from "./helpers.js";

const target = useServer();

interface Received {
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}
const received: Received[] = [];

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The multipart body that arrived, parsed as a browser would. */
function parse({ headers, body }: Received): Promise<FormData> {
  return new Response(body, { headers: { "content-type": headers["content-type"]! } }).formData();
}

let dir: string;
let report: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aiots-files-"));
  report = join(dir, "report.csv");
  await writeFile(report, "a,b\n1,2\n");
  target.server.route("/upload", async (request, response) => {
    received.push({ headers: request.headers, body: await readAll(request) });
    response.end("ok");
  });
  target.server.route("/moved", async (request, response) => {
    received.push({ headers: request.headers, body: await readAll(request) });
    response.writeHead(307, { location: "/upload", "content-length": 0 });
    response.end();
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("files and multipart bodies", () => {
  it("sends an opened file as the body, with its size and content type", async () => {
    received.length = 0;
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const file = await openFile(report, { contentType: "text/csv" });
      expect(file.name).toBe("report.csv");
      expect((await session.put(target.url("/upload"), { data: file })).status).toBe(200);
    });
    expect(received[0]!.body.toString()).toBe("a,b\n1,2\n");
    expect(received[0]!.headers["content-length"]).toBe("8");
    expect(received[0]!.headers["content-type"]).toBe("text/csv");
  });

  it("sends a plain object holding a file as multipart/form-data (aiohttp's data=dict)", async () => {
    received.length = 0;
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const file = await openFile(report, { filename: "q3.csv", contentType: "text/csv" });
      await session.post(target.url("/upload"), { data: { title: "Q3", pages: 2, report: file } });
    });
    const [arrived] = received;
    expect(arrived!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(arrived!.headers["content-length"])).toBe(arrived!.body.length);
    const form = await parse(arrived!);
    expect(form.get("title")).toBe("Q3");
    expect(form.get("pages")).toBe("2");
    const part = form.get("report") as File;
    expect(part.name).toBe("q3.csv");
    expect(part.type).toBe("text/csv");
    expect(await part.text()).toBe("a,b\n1,2\n");
  });

  it("streams a FormData and resends the same bytes after a 307 redirect", async () => {
    received.length = 0;
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const form = new FormData();
      form.append("note", "hello");
      form.append("report", await openFile(report));
      const response = await session.post(target.url("/moved"), { data: form });
      expect(response.status).toBe(200);
      expect(response.history.map((hop) => hop.status)).toEqual([307]);
    });
    expect(received).toHaveLength(2);
    expect(received[1]!.body.equals(received[0]!.body)).toBe(true);
    expect(received[1]!.headers["content-type"]).toBe(received[0]!.headers["content-type"]);
    const form = await parse(received[1]!);
    expect(form.get("note")).toBe("hello");
    expect(await (form.get("report") as File).text()).toBe("a,b\n1,2\n");
  });

  it("rejects bad arguments and a missing file", async () => {
    await expect(openFile("")).rejects.toThrow(
      "Expected `path` to be a file path, got `''` (string)",
    );
    await expect(openFile(report, { filename: 3 as unknown as string })).rejects.toThrow(
      "Expected `filename` to be a string, got `3` (number)",
    );
    const missing = await failure(openFile(join(dir, "nope.bin")));
    expect((missing as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
});
