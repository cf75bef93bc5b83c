import { afterAll, beforeAll } from "vitest";
import { run, VirtualClock } from "@aiots/tasks";
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

/** Runs `main` on a virtual clock that jumps after `threshold` ms of real idleness. */
export function inVirtualLoop<T>(main: () => Promise<T>, threshold = 20): Promise<T> {
  return run(main, { clock: new VirtualClock({ autojumpThreshold: threshold }) });
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
