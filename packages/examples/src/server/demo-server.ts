import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EXAMPLE_HOSTS, EXAMPLE_PAGE } from "./example-page.js";
import type { SiteAnswer } from "./site.js";

/** Hosts the server plays and what it answers on them (a generated `Site`, the `Api`). */
export interface HostApp {
  readonly hosts: readonly string[];
  /** The answer to the `attempt`-th request (from 1) for `url`. */
  answer(url: string, attempt: number): SiteAnswer;
}

/**
 * Runs `fn` after `ms`. The scenarios pass the running loop's `callLater`, so the server's
 * latency is loop time: exact on the virtual clock.
 */
export type Schedule = (ms: number, fn: () => void) => void;

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Latency of example.com/org/net, ms (default 1000). */
  readonly latencyMs?: number;
  /** A generated site (or the JSON API) to serve on its hosts as well. */
  readonly site?: HostApp;
  /** How to wait (default `setTimeout`). */
  readonly schedule?: Schedule;
}

/** A running embedded server. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>`: where every host is really served. */
  readonly origin: string;
  readonly port: number;
  /** Requests received per URL (`http://host/path`), retries included. */
  readonly hits: ReadonlyMap<string, number>;
  /** The most requests one host had in flight at once. */
  readonly peakInFlight: ReadonlyMap<string, number>;
  /**
   * Where to send a request for `url` of a served host: the loopback URL with the same path,
   * and the `host` header that picks the host.
   */
  route(url: string): { url: string; host: string };
  close(): Promise<void>;
}

/**
 * Starts the embedded loopback server on 127.0.0.1 and an ephemeral port. It plays
 * example.com, example.org and example.net (the same page each, after `latencyMs`), and the
 * hosts of a generated site, choosing by the `Host` header. Unknown hosts get a 404.
 *
 * @example
 * ```ts
 * const server = await startDemoServer({ latencyMs: 200 });
 * const { url, host } = server.route("https://example.com/");
 * const response = await fetch(url, { headers: { "x-host": host } });
 * await server.close();
 * ```
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const latencyMs = options.latencyMs ?? 1000;
  const schedule: Schedule = options.schedule ?? ((ms, fn) => void setTimeout(fn, ms));
  const site = options.site;
  const siteHosts = new Set(site?.hosts ?? []);
  const hits = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const peakInFlight = new Map<string, number>();

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const host = hostOf(request);
    const url = `http://${host}${request.url ?? "/"}`;
    const attempt = (hits.get(url) ?? 0) + 1;
    hits.set(url, attempt);
    const current = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, current);
    peakInFlight.set(host, Math.max(peakInFlight.get(host) ?? 0, current));
    let answered = false;
    const finish = (): void => {
      if (answered) return;
      answered = true;
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
    };
    // A client that gave up (timeout, cancellation) closes the socket before the answer.
    response.on("close", finish);

    let status = 404;
    let body = `<h1>404 Not Found</h1><p>no such host: ${host}</p>`;
    let headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
    let delay = 0;
    if ((EXAMPLE_HOSTS as readonly string[]).includes(host)) {
      status = 200;
      body = EXAMPLE_PAGE;
      delay = latencyMs;
    } else if (site !== undefined && siteHosts.has(host)) {
      const answer = site.answer(url, attempt);
      ({ status, body, latencyMs: delay } = answer);
      headers = { ...answer.headers };
    }
    // Read (and drop) any request body before answering.
    request.resume();
    schedule(delay, () => {
      if (response.destroyed || response.writableEnded) return;
      const bytes = Buffer.from(body);
      response.writeHead(status, { ...headers, "content-length": String(bytes.length) });
      response.end(bytes);
      finish();
    });
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    hits,
    peakInFlight,
    route(target) {
      const parsed = new URL(target);
      return { url: `${origin}${parsed.pathname}${parsed.search}`, host: parsed.hostname };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function hostOf(request: IncomingMessage): string {
  const header = request.headers.host ?? "";
  // Strip a port, keep IPv6 brackets intact.
  return header.replace(/:\d+$/, "").toLowerCase();
}
