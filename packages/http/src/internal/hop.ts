/**
 * A hop, the unit the request pipeline sends: one HTTP exchange of a request (the first,
 * or one after a redirect or for a retry), the URL checks it is made with, and the hop
 * after a redirect (RFC 9110 §15.4).
 */
import type { BasicAuth } from "../basic-auth.js";
import { InvalidURL } from "../errors.js";
import { NO_BODY, type EncodedBody } from "./request-body.js";
import type { HeaderMap } from "./request-headers.js";
import { urlTarget, type UrlTarget } from "./url-target.js";

/** One hop of a request: what is sent, to where, with which headers and body. */
export interface Hop {
  readonly method: string;
  /** Where the hop goes: its URL and the strings read from it once (see url-target.ts). */
  readonly target: UrlTarget;
  /** Headers from the session and the request (without auth and jar cookies). */
  readonly headers: HeaderMap;
  readonly auth: BasicAuth | undefined;
  readonly body: EncodedBody;
}

const CONTENT_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "transfer-encoding",
];
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/**
 * `input` with the password of every userinfo (`//user:password@`) replaced by `***`, for
 * messages: an error must not print a secret that was in the URL, parsable or not, wherever
 * the URL starts in it (after spaces the parser would have trimmed, say).
 */
function redactUrl(input: string): string {
  return input.replace(/(\/\/[^/?#@:]*:)[^/?#]*@/g, (_match, prefix: string) => `${prefix}***@`);
}

/**
 * Parses a URL and checks its scheme; InvalidURL otherwise (the URL in its message and
 * `url` with any password redacted; the parser's own error, which carries the input, is
 * not kept as `cause`).
 */
export function parseHttpUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = typeof input === "string" ? new URL(input, base) : new URL(input.href);
  } catch {
    const shown = redactUrl(String(input));
    throw new InvalidURL(shown, `Invalid URL: ${JSON.stringify(shown)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    const shown = redactUrl(String(input));
    throw new InvalidURL(
      shown,
      `Expected an http: or https: URL, got ${JSON.stringify(url.protocol)} in ${JSON.stringify(shown)}`,
    );
  }
  // No empty-host check: the WHATWG parser gives every http(s) URL a host or throws.
  return url;
}

/** The hop after a redirect response, or `undefined` if it cannot be followed (an unreplayable body). */
export function nextHop(hop: Hop, status: number, location: string): Hop | undefined {
  const url = parseHttpUrl(location, hop.target.url);
  let method = hop.method;
  let body = hop.body;
  let headers = hop.headers;
  if (
    (status === 303 && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST")
  ) {
    method = "GET";
    if (body !== NO_BODY) {
      body = NO_BODY;
      headers = new Map(headers);
      for (const name of CONTENT_HEADERS) headers.delete(name);
    }
  } else if (!body.replayable) {
    return undefined;
  }
  let auth = hop.auth;
  if (url.origin !== hop.target.origin) {
    auth = undefined;
    if (CREDENTIAL_HEADERS.some((name) => headers.has(name))) {
      headers = new Map(headers);
      for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    }
  }
  url.username = "";
  url.password = "";
  return { method, target: urlTarget(url), headers, auth, body };
}
