import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { run, VirtualClock, type LeftoversReport } from "@aiots/tasks";
import { TestServer } from "../src/testing/index.js";

/** A loopback test server for the file, started once. */
export function useServer(): { readonly server: TestServer; url(path: string): string } {
  const holder: { server?: TestServer } = {};
  beforeAll(async () => {
    holder.server = await TestServer.start();
  });
  afterAll(async () => {
    await holder.server?.close();
  });
  return {
    get server(): TestServer {
      return holder.server!;
    },
    url(path: string): string {
      return holder.server!.urlFor(path);
    },
  };
}

/** Runs `main` as the root task of a fresh loop (asyncio.run). */
export function inLoop<T>(main: () => Promise<T>): Promise<T> {
  if (process.env.AIOTS_HTTP_NO_LOOP === "1") return main();
  return run(main);
}

/**
 * Runs `main` on a virtual clock. It jumps as soon as the process is quiet: the clock
 * waits for the loopback requests to the in-process test server itself (idle Node turns
 * and libuv's requests, not real milliseconds), so no real idle threshold is needed.
 */
export function inVirtualLoop<T>(main: () => Promise<T>): Promise<T> {
  return run(main, { clock: new VirtualClock() });
}

/** The error `promise` rejects with (fails if it resolves). */
export async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected the promise to reject, it resolved");
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const net = await import("node:net");
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A route on `server` whose requests are held until {@link Gate.open}: counts requests in
 * flight on the server side (now, max) and lets a test wait for the n-th arrival, so
 * overlap is observed, never inferred from elapsed time.
 */
export interface Gate {
  readonly now: number;
  readonly max: number;
  readonly arrived: number;
  /** Resolves once `n` requests have arrived in total. */
  arrivals(n: number): Promise<void>;
  /** Answers every held request, and every later one at once. */
  open(): void;
}

export function gate(server: TestServer, path: string): Gate {
  let now = 0;
  let max = 0;
  let arrived = 0;
  let opened = false;
  const held: Array<() => void> = [];
  const watchers: Array<{ n: number; resolve: () => void }> = [];
  server.route(path, async (request, response) => {
    now++;
    max = Math.max(max, now);
    arrived++;
    for (const watcher of watchers.filter((w) => arrived >= w.n)) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    if (!opened) await new Promise<void>((resolve) => held.push(resolve));
    now--;
    response.end(new URL(request.url ?? "/", "http://x").searchParams.get("tag") ?? "");
  });
  return {
    get now() {
      return now;
    },
    get max() {
      return max;
    },
    get arrived() {
      return arrived;
    },
    arrivals(n: number): Promise<void> {
      if (arrived >= n) return Promise.resolve();
      return new Promise((resolve) => watchers.push({ n, resolve }));
    },
    open(): void {
      opened = true;
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

/**
 * The `path:line:` a report must name for the line of the test file `fileUrl` (its
 * `import.meta.url`) holding the comment `// marker`.
 */
export function lineOf(fileUrl: string, marker: string): string {
  const file = fileURLToPath(fileUrl);
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(`// ${marker}`));
  if (index < 0) throw new Error(`marker ${marker} not found in ${file}`);
  return `${file}:${index + 1}:`;
}

/** Runs `main` in debug mode on a virtual clock; returns the leftovers reports it made. */
export async function debugRun(main: () => Promise<unknown>): Promise<LeftoversReport[]> {
  const reports: LeftoversReport[] = [];
  await run(main, {
    clock: new VirtualClock(),
    debug: true,
    onLeftovers: (report) => reports.push(report),
  });
  return reports;
}
