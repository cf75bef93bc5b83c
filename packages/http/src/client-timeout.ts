/**
 * `ClientTimeout`: aiohttp's four deadlines, in milliseconds.
 */
import { expected, assertTimeout } from "@aiots/loop/internal";

/**
 * The deadlines of a request, in milliseconds, with aiohttp's meanings. `null`, `0` or
 * `Infinity` disables one. A request's `timeout` overrides the session's field by field.
 *
 * - `total`: the whole operation: waiting for a connection slot, connecting, sending,
 *   redirects and reading the body. Raises {@link TotalTimeoutError}.
 * - `connect`: getting a connection: waiting for a free slot in the connector's queue plus
 *   establishing a new connection. Raises {@link ConnectionTimeoutError}.
 * - `sockConnect`: the TCP (and TLS) connect of a new connection alone (undici's connect
 *   timeout). Raises {@link ConnectionTimeoutError}.
 * - `sockRead`: the longest silence while the response head or body is awaited (undici's
 *   `headersTimeout` and `bodyTimeout`). Raises {@link SocketTimeoutError}.
 *
 * Defaults: `{ total: 300_000, connect: null, sockConnect: 30_000, sockRead: null }`, as aiohttp.
 *
 * @example
 * ```ts
 * const session = new ClientSession({ timeout: { total: 10_000, sockRead: 2_000 } });
 * await session.get(url, { timeout: { total: 500 } }); // this request only
 * ```
 */
export interface ClientTimeout {
  total?: number | null;
  connect?: number | null;
  sockConnect?: number | null;
  sockRead?: number | null;
}

/**
 * A timeout with every field resolved; 0 means disabled.
 *
 * @example
 * ```ts
 * const { total, sockConnect }: ResolvedTimeout = DEFAULT_TIMEOUT; // 300000, 30000
 * ```
 */
export interface ResolvedTimeout {
  readonly total: number;
  readonly connect: number;
  readonly sockConnect: number;
  readonly sockRead: number;
}

/**
 * aiohttp's defaults: 5 minutes in total, 30 s to connect a socket.
 *
 * @example
 * ```ts
 * const session = new ClientSession({ timeout: { ...DEFAULT_TIMEOUT, total: 10_000 } });
 * ```
 */
export const DEFAULT_TIMEOUT: ResolvedTimeout = Object.freeze({
  total: 300_000,
  connect: 0,
  sockConnect: 30_000,
  sockRead: 0,
});

const FIELDS = ["total", "connect", "sockConnect", "sockRead"] as const;

/** Validates `timeout` and merges it over `base`. */
export function resolveTimeout(
  timeout: ClientTimeout | undefined,
  base: ResolvedTimeout,
  name = "timeout",
): ResolvedTimeout {
  if (timeout === undefined) return base;
  if (typeof timeout !== "object" || timeout === null) {
    throw new TypeError(
      expected(name, "an object like { total, connect, sockConnect, sockRead }", timeout),
    );
  }
  const out = { ...base };
  for (const key of Object.keys(timeout)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new TypeError(
        expected(`${name}.${key}`, "one of total, connect, sockConnect, sockRead", key),
      );
    }
  }
  for (const field of FIELDS) {
    const value = timeout[field];
    if (value === undefined) continue;
    if (value === null) {
      out[field] = 0;
      continue;
    }
    assertTimeout(`${name}.${field}`, value);
    out[field] = Number.isFinite(value) ? value : 0;
  }
  return out;
}
