/**
 * A session's options checked and resolved once, before anything is made (p-queue's
 * `options.ts`): what the session, its request preparer, hop sender and request planner
 * are made with. Bad input is a `TypeError`/`RangeError` naming the option.
 */
import type { CookieJar } from "tough-cookie";
import { DEFAULT_TIMEOUT, resolveTimeout } from "../client-timeout.js";
import { Connector, type ConnectorOptions } from "../connector.js";
import type { ClientSessionOptions } from "../options.js";
import { resolveRetry } from "../retry.js";
import type { TraceConfig } from "../trace.js";
import { toughCookie } from "./lazy.js";
import { parseHttpUrl } from "./hop.js";
import { checkMiddlewares } from "./middleware-sender.js";
import { checkAuth, type RequestDefaults } from "./prepare-request.js";
import { mergeHeaders, type HeaderMap } from "./request-headers.js";
import { checkRaiseForStatus, type PlanDefaults } from "./request-plan.js";
import { Tracer } from "./tracer.js";
import {
  expected,
  assertFunction,
  assertObject,
  assertBoolean,
  assertInteger,
  assertSize,
} from "@aiots/loop/internal";

const TRANSPORT_SHORTHANDS = [
  "dispatcher",
  "ssl",
  "socketPath",
  "http2",
  "proxy",
  "trustEnv",
] as const;

const USER_AGENT = "aiots-http (+https://github.com/aiots/aiots)";
const DEFAULT_MAX_BODY_SIZE = 64 * 1024 * 1024;

/** A session's resolved options. */
export interface SessionConfig {
  readonly cookieJar: CookieJar | undefined;
  readonly connector: Connector;
  /** Whether closing the session closes the connector. */
  readonly connectorOwner: boolean;
  readonly decompress: boolean;
  readonly tracer: Tracer | undefined;
  /** What requests are prepared with (the base URL, default headers, auth). */
  readonly request: RequestDefaults;
  /** What requests are planned with (timeouts, retries, redirects, checks). */
  readonly plan: PlanDefaults;
}

/** Checks and resolves a session's `options`. */
export function resolveSessionOptions(options: ClientSessionOptions): SessionConfig {
  assertObject("options", options);
  const baseUrl = options.baseUrl === undefined ? undefined : parseHttpUrl(options.baseUrl);
  const { autoDecompress: decompress = true } = options;
  assertBoolean("autoDecompress", decompress);
  const defaults: HeaderMap = new Map([
    ["accept", ["Accept", "*/*"]],
    ["user-agent", ["User-Agent", USER_AGENT]],
  ]);
  if (decompress) defaults.set("accept-encoding", ["Accept-Encoding", "gzip, deflate, br"]);
  const headers = mergeHeaders(defaults, options.headers);
  let cookieJar: CookieJar | undefined;
  if (options.cookieJar === true) cookieJar = new (toughCookie().CookieJar)();
  else if (options.cookieJar === undefined || options.cookieJar === false) cookieJar = undefined;
  else if (typeof options.cookieJar === "object" && options.cookieJar !== null)
    cookieJar = options.cookieJar;
  else throw new TypeError(expected("cookieJar", "a CookieJar or a boolean", options.cookieJar));
  const auth = checkAuth(options.auth);
  const timeout = resolveTimeout(options.timeout, DEFAULT_TIMEOUT);
  // Shorthands for the connector's options (aiohttp takes `proxy`, `trust_env` on the session).
  const shorthands: ConnectorOptions = {};
  for (const name of TRANSPORT_SHORTHANDS) {
    if (options[name] !== undefined) Object.assign(shorthands, { [name]: options[name] });
  }
  if (Object.keys(shorthands).length > 0 && options.connector instanceof Connector) {
    throw new TypeError(
      `Expected only one of \`${Object.keys(shorthands).join("`, `")}\` and a \`connector\` instance, got both (give them to the Connector)`,
    );
  }
  const connector =
    options.connector instanceof Connector
      ? options.connector
      : new Connector({ ...options.connector, ...shorthands });
  const { maxBodySize = DEFAULT_MAX_BODY_SIZE, connectorOwner = true, maxRedirects = 10 } = options;
  assertSize("maxBodySize", maxBodySize);
  assertBoolean("connectorOwner", connectorOwner);
  const raiseForStatus =
    options.raiseForStatus === undefined ? false : checkRaiseForStatus(options.raiseForStatus);
  const retry = resolveRetry(options.retry, undefined);
  assertInteger("maxRedirects", maxRedirects, 0);
  let tracer: Tracer | undefined;
  if (options.trace !== undefined) {
    const configs = Array.isArray(options.trace) ? options.trace : [options.trace];
    for (const config of configs) {
      if (typeof config !== "object" || config === null)
        throw new TypeError(expected("trace", "a TraceConfig object", config));
    }
    tracer = new Tracer(configs as readonly TraceConfig[]);
  }
  if (options.jsonSerialize !== undefined) assertFunction("jsonSerialize", options.jsonSerialize);
  const middlewares =
    options.middlewares === undefined ? [] : checkMiddlewares(options.middlewares);
  return {
    cookieJar,
    connector,
    connectorOwner,
    decompress,
    tracer,
    request: { baseUrl, headers, auth, jsonSerialize: options.jsonSerialize ?? JSON.stringify },
    plan: { timeout, retry, maxRedirects, raiseForStatus, middlewares, maxBodySize },
  };
}
