/**
 * The connector: one undici `Pool` per origin, created once (or the caller's dispatcher),
 * and the connection limits undici does not have (a cap across all hosts), enforced by a
 * fair FIFO queue.
 */
import { getRunningLoopOrUndefined } from "@aiots/loop";
import type { Dispatcher, Pool } from "undici";
import { createPending, type Pending } from "./internal/awaitable.js";
import { loadRequestDependencies, undici } from "./internal/lazy.js";
import { tappedConnector } from "./internal/socket-tap.js";
import { buildTransport, createProxyAgent, type Transport } from "./internal/transport.js";
import type { TransportOptions } from "./transport-options.js";
import { expected, assertDelay, assertInteger } from "@aiots/loop/internal";

/**
 * Options of a {@link Connector} (aiohttp's `TCPConnector`).
 *
 * @example
 * ```ts
 * const session = new ClientSession({ connector: { limit: 20, limitPerHost: 4 } });
 * ```
 */
export interface ConnectorOptions extends TransportOptions {
  /** Requests in flight across all hosts; beyond it they wait in a FIFO queue. 0 = no cap. Default 100. */
  limit?: number;
  /** Requests in flight per origin. 0 = no cap besides `limit`. Default 0. */
  limitPerHost?: number;
  /** How long an idle keep-alive socket is kept, ms. Default 4000 (undici's). */
  keepAliveTimeout?: number;
  /** Largest response head accepted, bytes. Default Node's `http.maxHeaderSize` (16 KiB). */
  maxHeaderSize?: number;
  /**
   * Send every request through this undici `Dispatcher` (a `MockAgent` in tests, a
   * `ProxyAgent`, an `Agent` with its own TLS options) instead of the connector's pools.
   * The limits, the timeouts (on the loop's clock) and cancellation stay the session's;
   * `keepAliveTimeout` and `maxHeaderSize` are then the dispatcher's business, and closing
   * the connector does not close it (it is the caller's).
   */
  dispatcher?: Dispatcher;
}

/**
 * A connection slot: released exactly once, whatever happens to the request.
 *
 * @example
 * ```ts
 * const slot = connector.tryAcquire(origin) ?? (await connector.acquire(origin).promise);
 * try {
 *   await send();
 * } finally {
 *   slot.release();
 * }
 * ```
 */
export interface Slot {
  release(): void;
}

/** Hooks the connector calls while a request waits for a slot. */
export interface QueueHooks {
  onQueuedStart?(): void;
  onQueuedEnd?(): void;
}

/**
 * Counts for tests and monitoring.
 *
 * @example
 * ```ts
 * const { active, queued } = session.connector.stats();
 * console.log(`${active} in flight, ${queued} waiting`);
 * ```
 */
export interface ConnectorStats {
  /**
   * Slots held (requests in flight, bodies not yet finished). Always 0 with no limit at all
   * (`limit: 0` and no `limitPerHost`): nothing to enforce, so nothing is counted.
   */
  readonly active: number;
  /** Requests waiting for a slot. */
  readonly queued: number;
  /** undici's stats of each pool, by origin. */
  readonly pools: Record<
    string,
    {
      connected: number;
      free: number;
      pending: number;
      queued: number;
      running: number;
      size: number;
    }
  >;
}

interface Waiter {
  readonly key: string;
  readonly pending: Pending<Slot>;
  slot: Slot | undefined;
}

const NO_SLOT: Slot = { release() {} };

/** A slot taken from a connector: one object a request, not a closure and its scope. */
class HeldSlot implements Slot {
  #release: ((key: string) => void) | undefined;
  readonly #key: string;

  constructor(release: (key: string) => void, key: string) {
    this.#release = release;
    this.#key = key;
  }

  release(): void {
    const release = this.#release;
    if (release === undefined) return;
    this.#release = undefined;
    release(this.#key);
  }
}

/**
 * Owns the connection pools of one or more sessions: one undici `Pool` per origin, and
 * the limits. A request holds a slot from the moment it is sent until its body is read to
 * the end, released, or fails; requests beyond `limit` (all hosts) or `limitPerHost` wait
 * in one FIFO queue, served in order among those whose host has room. A waiter that is
 * cancelled (its task was, or a timeout fired) leaves the queue without taking a slot.
 *
 * @example
 * ```ts
 * const connector = new Connector({ limit: 10 });
 * const a = new ClientSession({ connector });
 * const b = new ClientSession({ connector, connectorOwner: false });
 * console.log(connector.stats().active);
 * ```
 */
export class Connector {
  /** Requests in flight across all hosts (0 = none). */
  readonly limit: number;
  /** Requests in flight per origin (0 = none). */
  readonly limitPerHost: number;
  readonly #keepAliveTimeout: number;
  readonly #maxHeaderSize: number | undefined;
  readonly #pools = new Map<string, Pool>();
  readonly #dispatcher: Dispatcher | undefined;
  readonly #transport: Transport;
  readonly #proxies = new Map<string, Dispatcher>();
  #connect: ReturnType<typeof tappedConnector> | undefined;
  readonly #perHost = new Map<string, number>();
  readonly #waiters = new Set<Waiter>();
  #active = 0;
  #closed = false;
  #closeError: unknown;

  constructor(options: ConnectorOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(expected("connector", "an object or a Connector", options));
    }
    const { limit = 100, limitPerHost = 0, keepAliveTimeout = 4000, maxHeaderSize } = options;
    assertInteger("connector.limit", limit, 0);
    assertInteger("connector.limitPerHost", limitPerHost, 0);
    assertDelay("connector.keepAliveTimeout", keepAliveTimeout);
    if (maxHeaderSize !== undefined) assertInteger("connector.maxHeaderSize", maxHeaderSize, 1);
    this.limit = limit;
    this.limitPerHost = limitPerHost;
    this.#keepAliveTimeout = keepAliveTimeout;
    this.#maxHeaderSize = maxHeaderSize;
    const dispatcher = options.dispatcher;
    // Anything with a `dispatch` method will do (as undici's setGlobalDispatcher checks).
    if (
      dispatcher !== undefined &&
      typeof (dispatcher as { dispatch?: unknown } | null)?.dispatch !== "function"
    ) {
      throw new TypeError(expected("connector.dispatcher", "an undici Dispatcher", dispatcher));
    }
    this.#dispatcher = dispatcher;
    // Now, not inside a first request, whose deadline is already running (see lazy.ts).
    loadRequestDependencies();
    // The sockets per origin (the pools' and a proxy agent's): `limitPerHost`, else `limit`,
    // else no cap (both are integers >= 0, 0 meaning none).
    this.#transport = buildTransport(options, this.limitPerHost || this.limit || null);
  }

  /** Whether {@link Connector.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The dispatcher for an origin: the caller's `dispatcher` if given, else the origin's
   * pool, created on first use. One pool per origin, whatever the requests' timeouts say:
   * `sockConnect` and `sockRead` are the session's timers, not the pool's, so the pools
   * hold at most `limitPerHost` (else `limit`) sockets each.
   *
   * @example
   * ```ts
   * connector.pool("http://127.0.0.1:8080");
   * ```
   */
  pool(origin: string): Dispatcher {
    if (this.#dispatcher !== undefined) return this.#dispatcher;
    if (this.#transport.proxy !== undefined) return this.#transport.proxy;
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      pool = new (undici().Pool)(origin, {
        connections: this.#transport.connections,
        pipelining: 1,
        keepAliveTimeout: this.#keepAliveTimeout,
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: (this.#connect ??= tappedConnector(this.#transport.connect)),
        allowH2: this.#transport.allowH2,
        ...(this.#maxHeaderSize === undefined ? {} : { maxHeaderSize: this.#maxHeaderSize }),
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /**
   * The dispatcher for requests sent through the proxy at `uri` (a request's own `proxy`):
   * one undici `ProxyAgent` per proxy URL and `Proxy-Authorization` value, created on first
   * use with the connector's TLS options and per-origin connection cap, closed with the
   * connector. The connector's limits hold through it as through the pools (the slots are
   * counted by target origin).
   *
   * @example
   * ```ts
   * connector.proxyAgent("http://127.0.0.1:3128/", undefined);
   * ```
   */
  proxyAgent(uri: string, token: string | undefined): Dispatcher {
    const key = token === undefined ? uri : `${uri} ${token}`;
    let agent = this.#proxies.get(key);
    if (agent === undefined) {
      agent = createProxyAgent(this.#transport, uri, token);
      this.#proxies.set(key, agent);
    }
    return agent;
  }

  /**
   * A slot at once if there is room for `key` (the fast path), else `undefined` (also once
   * the connector is closed: {@link Connector.acquire} then rejects). Waiters
   * left in the queue never have room (each release serves every waiter that fits), so a
   * slot taken here overtakes nobody: FIFO among the requests each host can take.
   *
   * @example
   * ```ts
   * const slot = connector.tryAcquire(origin) ?? (await connector.acquire(origin).promise);
   * ```
   */
  tryAcquire(key: string): Slot | undefined {
    if (this.#closed || !this.#hasRoom(key)) return undefined;
    return this.#take(key);
  }

  /**
   * Waits in the FIFO queue for a slot. The wait is a cancellation point of the current
   * task; `abortWith(error)` on the returned handle ends it with that error. Once the
   * connector is closed, the promise rejects at once with the error `close()` was given (a
   * slot after close would open a pool nobody closes).
   *
   * @example
   * ```ts
   * const slot = await connector.acquire(origin).promise;
   * try {
   *   // ... send the request on the slot
   * } finally {
   *   slot.release();
   * }
   * ```
   */
  acquire(
    key: string,
    hooks?: QueueHooks,
  ): { promise: Promise<Slot>; abortWith(error: unknown): void } {
    const slot = this.tryAcquire(key);
    if (slot !== undefined) return { promise: Promise.resolve(slot), abortWith() {} };
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- whatever close() was given
    if (this.#closed) return { promise: Promise.reject(this.#closeError), abortWith() {} };
    const waiter: Waiter = {
      key,
      pending: createPending<Slot>(getRunningLoopOrUndefined()),
      slot: undefined,
    };
    this.#waiters.add(waiter);
    hooks?.onQueuedStart?.();
    const promise = (async (): Promise<Slot> => {
      try {
        return await waiter.pending.promise;
      } catch (error) {
        // Cancelled or aborted in the queue: leave it; if a slot was granted meanwhile
        // (the await was rejected by a pending task cancellation), give it back. The wait is
        // still pending if the await was rejected at once (the task had a cancellation
        // pending): cancel it (a no-op once done), so a later abortWith() settles nothing.
        this.#waiters.delete(waiter);
        waiter.pending.cancel();
        waiter.slot?.release();
        throw error;
      } finally {
        hooks?.onQueuedEnd?.();
      }
    })();
    return {
      promise,
      abortWith: (error: unknown) => {
        if (waiter.pending.reject(error)) this.#waiters.delete(waiter);
      },
    };
  }

  #hasRoom(key: string): boolean {
    if (this.limit > 0 && this.#active >= this.limit) return false;
    return this.limitPerHost === 0 || (this.#perHost.get(key) ?? 0) < this.limitPerHost;
  }

  #take(key: string): Slot {
    if (this.limit === 0 && this.limitPerHost === 0) return NO_SLOT;
    this.#active++;
    if (this.limitPerHost > 0) this.#perHost.set(key, (this.#perHost.get(key) ?? 0) + 1);
    return new HeldSlot(this.#release, key);
  }

  readonly #release = (key: string): void => {
    this.#active--;
    if (this.limitPerHost > 0) {
      const count = (this.#perHost.get(key) ?? 1) - 1;
      if (count === 0) this.#perHost.delete(key);
      else this.#perHost.set(key, count);
    }
    if (this.#waiters.size > 0) this.#wake();
  };

  #wake(): void {
    for (const waiter of this.#waiters) {
      if (this.limit > 0 && this.#active >= this.limit) return;
      if (!this.#hasRoom(waiter.key)) continue;
      this.#waiters.delete(waiter);
      if (waiter.pending.done) continue;
      const slot = this.#take(waiter.key);
      waiter.slot = slot;
      waiter.pending.resolve(slot);
    }
  }

  /**
   * Slots in use, waiters, and undici's per-pool stats (sockets connected, free, running).
   *
   * @example
   * ```ts
   * const { active, queued, pools } = session.connector.stats();
   * ```
   */
  stats(): ConnectorStats {
    const pools: Record<string, ConnectorStats["pools"][string]> = {};
    for (const [key, pool] of this.#pools) {
      const { connected, free, pending, queued, running, size } = pool.stats;
      pools[key] = { connected, free, pending, queued, running, size };
    }
    return { active: this.#active, queued: this.#waiters.size, pools };
  }

  /**
   * Closes every pool: idle sockets are closed, sockets still in use destroyed. Waiters
   * are rejected with `error`, and so is every later {@link Connector.acquire}; a session
   * using the connector is closed from then on (aiohttp's `ClientSession.closed`).
   *
   * @example
   * ```ts
   * await connector.close();
   * ```
   */
  async close(error: unknown = new Error("Connector is closed")): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    for (const waiter of this.#waiters) waiter.pending.reject(error);
    this.#waiters.clear();
    const pools = [...this.#pools.values(), ...this.#proxies.values()];
    this.#pools.clear();
    this.#proxies.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
    await this.#transport.proxy?.destroy();
  }
}
