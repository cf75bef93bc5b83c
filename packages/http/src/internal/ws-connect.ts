/**
 * `session.wsConnect()`: the handshake request prepared as any other request of the
 * session (its headers, auth, cookies and base URL), then handed to {@link ClientWebSocket}.
 */
import { getRunningLoopOrUndefined } from "@aiots/loop";
import type { CookieJar } from "tough-cookie";
import { ClientWebSocket } from "../client-websocket.js";
import type { ResolvedTimeout } from "../client-timeout.js";
import { InvalidURL } from "../errors.js";
import type { RequestOptions } from "../options.js";
import type { WSConnectOptions } from "../ws-options.js";
import type { RequestPreparer } from "./prepare-request.js";
import { headerPairs, TOKEN } from "./request-headers.js";
import {
  expected,
  assertObject,
  assertBoolean,
  assertTimeout,
  assertInteger,
} from "@aiots/loop/internal";

/** What of the session the handshake uses. */
export interface WSSessionParts {
  readonly preparer: RequestPreparer;
  readonly cookieJar: CookieJar | undefined;
  readonly timeout: ResolvedTimeout;
  readonly baseUrl: URL | undefined;
}

const DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
const TO_HTTP: Record<string, string> = {
  "ws:": "http:",
  "wss:": "https:",
  "http:": "http:",
  "https:": "https:",
};

/** Validates the options, prepares the handshake request, and connects. */
export async function wsConnect(
  session: WSSessionParts,
  input: string | URL,
  options: WSConnectOptions,
): Promise<ClientWebSocket> {
  assertObject("options", options);
  const protocols =
    options.protocols === undefined
      ? []
      : typeof options.protocols === "string"
        ? [options.protocols]
        : [...options.protocols];
  for (const protocol of protocols) {
    if (typeof protocol !== "string" || !TOKEN.test(protocol)) {
      throw new TypeError(expected("protocols[]", "an HTTP token", protocol));
    }
  }
  const ms = (name: keyof WSConnectOptions, fallback: number): number => {
    const value = options[name];
    if (value === undefined) return fallback;
    assertTimeout(name, value);
    return value === Infinity ? 0 : value;
  };
  const heartbeat = ms("heartbeat", 0);
  const receiveTimeout = ms("receiveTimeout", 0);
  const closeTimeout = ms("closeTimeout", 10_000);
  const handshakeTimeout = ms("handshakeTimeout", session.timeout.total);
  const { maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE, compress = true } = options;
  assertInteger("maxMessageSize", maxMessageSize, 0);
  assertBoolean("compress", compress);

  const url = toHttpUrl(input, session.baseUrl);
  const request: RequestOptions = {};
  if (options.headers !== undefined) request.headers = options.headers;
  if (options.params !== undefined) request.params = options.params;
  if (options.auth !== undefined) request.auth = options.auth;
  const prepared = session.preparer.prepare("GET", url, request);
  const hop = prepared instanceof Promise ? await prepared : prepared;
  const built = session.preparer.headersFor(hop, session.cookieJar);
  const flat = built instanceof Promise ? await built : built;
  const headers: Record<string, string> = {};
  for (const [name, value] of headerPairs(flat)) {
    const key = name.toLowerCase();
    const joiner = key === "cookie" ? "; " : ", ";
    headers[key] = headers[key] === undefined ? value : headers[key] + joiner + value;
  }
  const target = new URL(hop.target.href);
  target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
  return ClientWebSocket.connect({
    url: target,
    headers,
    protocols,
    requestInfo: {
      method: "GET",
      url: target.href,
      realUrl: target.href,
      headers: headerPairs(flat),
    },
    loop: getRunningLoopOrUndefined(),
    heartbeat,
    receiveTimeout,
    closeTimeout,
    handshakeTimeout,
    maxMessageSize,
    compress,
  });
}

/** A ws:/wss: (or http:/https:) URL as the http:/https: URL of its handshake. */
function toHttpUrl(input: string | URL, base: URL | undefined): URL {
  if (typeof input !== "string" && !(input instanceof URL)) {
    throw new TypeError(expected("url", "a string or a URL", input));
  }
  let url: URL;
  try {
    url = new URL(String(input), base);
  } catch (error) {
    throw new InvalidURL(String(input), `Invalid URL: ${JSON.stringify(String(input))}`, {
      cause: error,
    });
  }
  const scheme = TO_HTTP[url.protocol];
  if (scheme === undefined) {
    throw new InvalidURL(
      String(input),
      `Expected a ws:, wss:, http: or https: URL, got ${JSON.stringify(url.protocol)} in ${JSON.stringify(String(input))}`,
    );
  }
  url.protocol = scheme; // ws: and wss: are special schemes too, so the setter accepts it
  return url;
}
