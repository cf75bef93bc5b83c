/**
 * Retry policy: exponential backoff with jitter, `Retry-After`, idempotent methods only.
 */
import {
  expected,
  assertBoolean,
  assertDelay,
  assertTimeout,
  assertInteger,
} from "@aiots/loop/internal";

/**
 * When and how to retry a failed request. Off unless the session or request sets `retry`
 * (`true` takes every default). A request is retried when it failed to connect or the
 * connection broke before a response head arrived ({@link ClientConnectionError}, including
 * socket timeouts), or when its status is in `statuses`, and only for `methods`. A body
 * given as an async iterable cannot be replayed, so such requests are never retried.
 *
 * The delay before retry `n` (1-based) is `min(maxDelay, initialDelay * factor ** (n - 1))`,
 * with "equal jitter" (a random point in its upper half) unless `jitter` is false. A
 * `Retry-After` header (delta-seconds or an HTTP-date) on a 429/503 replaces it; one longer
 * than `maxRetryAfter` gives up and returns that response. No retry starts if it would end
 * its delay after `maxElapsed` since the first attempt. The sleeps are on the loop's clock:
 * cancelling the task or a `timeout()` scope ends them at once.
 *
 * @example
 * ```ts
 * const session = new ClientSession({
 *   retry: { attempts: 5, statuses: [429, 503], initialDelay: 200, maxElapsed: 10_000 },
 * });
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, the first one included. Default 3. */
  attempts?: number;
  /** Methods that may be retried. Default: the idempotent ones, GET HEAD OPTIONS PUT DELETE TRACE. */
  methods?: readonly string[];
  /** Statuses that are retried. Default 408, 429, 500, 502, 503, 504. */
  statuses?: readonly number[];
  /** Retry connection errors and socket timeouts. Default true. */
  connectionErrors?: boolean;
  /** Delay before the first retry, ms. Default 100. */
  initialDelay?: number;
  /** Growth per retry. Default 2. */
  factor?: number;
  /** Cap of one backoff delay, ms. Default 10 000. */
  maxDelay?: number;
  /** Randomise each delay within its upper half. Default true. */
  jitter?: boolean;
  /** Honour `Retry-After` on 429 and 503. Default true. */
  respectRetryAfter?: boolean;
  /** Longest `Retry-After` honoured, ms; longer gives up. Default 60 000. */
  maxRetryAfter?: number;
  /** Cap on the time from the first attempt to the start of the last one, ms. Default 60 000. */
  maxElapsed?: number;
}

/** A policy with every field resolved. */
export interface ResolvedRetry {
  readonly attempts: number;
  readonly methods: ReadonlySet<string>;
  readonly statuses: ReadonlySet<number>;
  readonly connectionErrors: boolean;
  readonly initialDelay: number;
  readonly factor: number;
  readonly maxDelay: number;
  readonly jitter: boolean;
  readonly respectRetryAfter: boolean;
  readonly maxRetryAfter: number;
  readonly maxElapsed: number;
}

const DEFAULTS: ResolvedRetry = Object.freeze({
  attempts: 3,
  methods: new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]),
  statuses: new Set([408, 429, 500, 502, 503, 504]),
  connectionErrors: true,
  initialDelay: 100,
  factor: 2,
  maxDelay: 10_000,
  jitter: true,
  respectRetryAfter: true,
  maxRetryAfter: 60_000,
  maxElapsed: 60_000,
});

const KEYS = new Set(Object.keys(DEFAULTS));

/** Validates a `retry` option: `undefined`/`false` → no retries, `true` → defaults. */
export function resolveRetry(
  retry: RetryOptions | boolean | undefined,
  base: ResolvedRetry | undefined,
  name = "retry",
): ResolvedRetry | undefined {
  if (retry === undefined) return base;
  if (retry === false) return undefined;
  if (retry === true) return base ?? DEFAULTS;
  if (typeof retry !== "object" || retry === null) {
    throw new TypeError(expected(name, "a boolean or a RetryOptions object", retry));
  }
  for (const key of Object.keys(retry)) {
    if (!KEYS.has(key))
      throw new TypeError(expected(`${name}.${key}`, `one of ${[...KEYS].join(", ")}`, key));
  }
  const from = base ?? DEFAULTS;
  if (retry.methods !== undefined && !Array.isArray(retry.methods)) {
    throw new TypeError(expected(`${name}.methods`, "an array of method names", retry.methods));
  }
  const methods =
    retry.methods === undefined
      ? from.methods
      : new Set(
          retry.methods.map((method: unknown) => {
            if (typeof method !== "string")
              throw new TypeError(expected(`${name}.methods[]`, "a string", method));
            return method.toUpperCase();
          }),
        );
  if (retry.statuses !== undefined && !Array.isArray(retry.statuses)) {
    throw new TypeError(expected(`${name}.statuses`, "an array of status codes", retry.statuses));
  }
  const statuses =
    retry.statuses === undefined
      ? from.statuses
      : new Set(
          retry.statuses.map((status: unknown) => {
            assertInteger(`${name}.statuses[]`, status, 100);
            return status;
          }),
        );
  const {
    attempts = from.attempts,
    connectionErrors = from.connectionErrors,
    initialDelay = from.initialDelay,
    factor = from.factor,
    maxDelay = from.maxDelay,
    jitter = from.jitter,
    respectRetryAfter = from.respectRetryAfter,
    maxRetryAfter = from.maxRetryAfter,
    maxElapsed = from.maxElapsed,
  } = retry;
  assertInteger(`${name}.attempts`, attempts, 1);
  assertBoolean(`${name}.connectionErrors`, connectionErrors);
  assertDelay(`${name}.initialDelay`, initialDelay);
  if (typeof factor !== "number") {
    throw new TypeError(expected(`${name}.factor`, "a finite number >= 1", factor));
  }
  if (!(factor >= 1) || factor === Infinity) {
    throw new RangeError(expected(`${name}.factor`, "a finite number >= 1", factor));
  }
  assertDelay(`${name}.maxDelay`, maxDelay);
  assertBoolean(`${name}.jitter`, jitter);
  assertBoolean(`${name}.respectRetryAfter`, respectRetryAfter);
  assertTimeout(`${name}.maxRetryAfter`, maxRetryAfter);
  assertTimeout(`${name}.maxElapsed`, maxElapsed);
  return {
    attempts,
    methods,
    statuses,
    connectionErrors,
    initialDelay,
    factor,
    maxDelay,
    jitter,
    respectRetryAfter,
    maxRetryAfter,
    maxElapsed,
  };
}

/**
 * Parses a `Retry-After` value into milliseconds from now: delta-seconds (`"120"`) or an
 * HTTP-date (RFC 9110 §10.2.3, §5.6.7). `undefined` if it is neither (the header is then
 * ignored); a past date gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter("3"); // 3000
 * parseRetryAfter(new Date(Date.now() + 5000).toUTCString()); // about 5000
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date starts with its day name (IMF-fixdate, RFC 850 and asctime alike); anything
  // else is invalid and ignored, not handed to Date.parse, which reads "-5" or "1.5" as dates.
  if (!/^(?:mon|tue|wed|thu|fri|sat|sun)/i.test(text)) return undefined;
  const when = Date.parse(text);
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, when - nowMs);
}

/** The backoff delay before retry `retryNumber` (1-based), ms. */
export function backoffDelay(
  policy: ResolvedRetry,
  retryNumber: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** (retryNumber - 1));
  return policy.jitter ? base / 2 + random() * (base / 2) : base;
}
