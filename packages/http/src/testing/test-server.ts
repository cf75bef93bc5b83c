/**
 * A real HTTP/1.1 server on the loopback interface whose routes script latency and faults,
 * for testing code that uses the client (and the client itself).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { builtinRoute, sendJson, wait } from "./builtin-routes.js";

/**
 * A route: answer `request` on `response`; `url` is the parsed request URL.
 *
 * @example
 * ```ts
 * const hello: RouteHandler = (request, response, url) => response.end(url.searchParams.get("name"));
 * server.route("/hello", hello);
 * ```
 */
export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => void | Promise<void>;

/**
 * A request the server received.
 *
 * @example
 * ```ts
 * const [first]: RecordedRequest[] = server.requests;
 * console.log(first?.method, first?.path, first?.headers["user-agent"]);
 * ```
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Options of {@link TestServer.start}.
 *
 * @example
 * ```ts
 * await using server = await TestServer.start({ host: "127.0.0.1", port: 0 });
 * ```
 */
export interface TestServerOptions {
  /** Interface to listen on. Default `"127.0.0.1"`. */
  host?: string;
  /** Port. Default 0 (any free port). */
  port?: number;
}

/**
 * A loopback HTTP server with scripted routes. Built-in routes (query parameters in
 * brackets, times in ms):
 *
 * | route | behaviour |
 * |---|---|
 * | `/bytes[n]` | `n` bytes (default 1024) with `Content-Length` |
 * | `/json[body]` | JSON (`{"ok":true}` by default) |
 * | `/text[body,type]` | text with a content type |
 * | `/echo` | the request as JSON: method, path, query, headers, body |
 * | `/delay[ms]` | waits before the head (latency, slow headers) |
 * | `/hang` | never answers |
 * | `/slow-body[chunks,interval,size]` | the head at once, then a chunk every `interval` |
 * | `/stall-body[sent]` | the head and `sent` bytes of a longer body, then silence |
 * | `/close-mid-body[sent]` | chunked body: `sent` bytes, then the socket is destroyed |
 * | `/bad-content-length[declared,sent]` | `Content-Length: declared`, `sent` bytes, then FIN |
 * | `/invalid-chunked` | a chunked body with an invalid chunk size |
 * | `/oversized-headers[size]` | a response head of `size` bytes (default 64 KiB) |
 * | `/no-response` | closes the connection without answering |
 * | `/redirect[n,status]` | `n` redirects (302 by default) to itself, then 200 JSON |
 * | `/redirect-to[url,status]` | one redirect to `url` |
 * | `/redirect-loop` | redirects to itself forever |
 * | `/status[code,retryAfter]` | that status, with `Retry-After` if given |
 * | `/flaky[id,failures,status,retryAfter]` | `status` for the first `failures` hits of `id`, then 200 |
 * | `/gzip`, `/deflate`, `/deflate-raw`, `/br` | a compressed JSON body |
 * | `/cookies/set[...]` | sets each query parameter as a cookie |
 * | `/cookies` | the cookies received, as JSON |
 * | `/basic-auth[user,pass]` | 200 if the credentials match, else 401 |
 * | `/lines[n]` | `n` lines, chunked |
 *
 * Add your own with {@link TestServer.route}. `openSockets` counts connections, to check a
 * client leaves no socket behind.
 *
 * @example
 * ```ts
 * import { TestServer } from "@aiots/http/testing";
 *
 * await using server = await TestServer.start();
 * server.route("/hello", (req, res) => {
 *   res.end("hi");
 * });
 * const response = await session.get(server.urlFor("/hello"));
 * ```
 */
export class TestServer implements AsyncDisposable {
  /** The origin, e.g. `"http://127.0.0.1:54321"`. */
  readonly origin: string;
  /** The port listened on. */
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly #server: http.Server;
  readonly #sockets = new Set<Socket>();
  readonly #busy = new Set<Socket>();
  readonly #routes = new Map<string, RouteHandler>();
  readonly #counters = new Map<string, number>();
  #totalSockets = 0;

  private constructor(server: http.Server) {
    this.#server = server;
    const address = server.address() as AddressInfo;
    this.port = address.port;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.origin = `http://${host}:${address.port}`;
    server.on("connection", (socket: Socket) => {
      this.#totalSockets++;
      this.#sockets.add(socket);
      socket.once("close", () => {
        this.#sockets.delete(socket);
        this.#busy.delete(socket);
      });
    });
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: String(error) });
        else response.destroy();
      });
    });
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @example
   * ```ts
   * const server = await TestServer.start();
   * ```
   */
  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    const server = http.createServer({ keepAliveTimeout: 10_000 });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    return new TestServer(server);
  }

  /**
   * The absolute URL of `path` on this server.
   *
   * @example
   * ```ts
   * server.urlFor("/delay?ms=50"); // "http://127.0.0.1:54321/delay?ms=50"
   * ```
   */
  urlFor(path: string): string {
    return this.origin + path;
  }

  /**
   * Adds (or replaces) a route for a path (any method).
   *
   * @example
   * ```ts
   * server.route("/teapot", (req, res) => { res.statusCode = 418; res.end(); });
   * ```
   */
  route(path: string, handler: RouteHandler): this {
    this.#routes.set(path, handler);
    return this;
  }

  /**
   * Connections open right now.
   *
   * @example
   * ```ts
   * await server.waitForSockets(0);
   * ```
   */
  get openSockets(): number {
    return this.#sockets.size;
  }

  /**
   * Connections accepted since the start.
   *
   * @example
   * ```ts
   * server.totalSockets; // 1 if every request reused one keep-alive connection
   * ```
   */
  get totalSockets(): number {
    return this.#totalSockets;
  }

  /**
   * How many requests hit `path` (without the query).
   *
   * @example
   * ```ts
   * server.hits("/flaky"); // 3
   * ```
   */
  hits(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  /**
   * Open connections in the middle of an exchange: a request arrived and its response is
   * not finished (a stalled or raw-socket route counts until the connection closes).
   * Idle keep-alive connections do not count.
   *
   * @example
   * ```ts
   * server.busySockets; // 0 once the client destroyed the socket it abandoned
   * ```
   */
  get busySockets(): number {
    return this.#busy.size;
  }

  /**
   * Resolves once at most `count` connections are busy (see {@link TestServer.busySockets});
   * rejects after `within` ms of real time.
   *
   * @example
   * ```ts
   * await server.waitForSockets(0); // the client destroyed the socket it abandoned
   * ```
   */
  async waitForSockets(count: number, within = 2000): Promise<void> {
    const deadline = Date.now() + within;
    while (this.#busy.size > count) {
      if (Date.now() > deadline) {
        throw new Error(
          `Expected at most ${count} busy sockets within ${within} ms, got ${this.#busy.size}`,
        );
      }
      await wait(5);
    }
  }

  /**
   * Stops the server and destroys its connections.
   *
   * @example
   * ```ts
   * await server.close();
   * ```
   */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * Closes the server (see {@link TestServer.close}).
   *
   * @example
   * ```ts
   * await using server = await TestServer.start();
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const socket = request.socket;
    if (!socket.destroyed) this.#busy.add(socket);
    response.once("finish", () => this.#busy.delete(socket));
    const url = new URL(request.url ?? "/", this.origin);
    this.requests.push({
      method: request.method ?? "GET",
      path: url.pathname,
      headers: request.headers,
    });
    const custom = this.#routes.get(url.pathname);
    if (custom !== undefined) {
      await custom(request, response, url);
      return;
    }
    await builtinRoute(request, response, url, this.#counters);
  }
}
