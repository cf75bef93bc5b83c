/**
 * The connector's transport options checked and turned into undici's: the connect
 * options of its pools, and the proxy agent the connector owns.
 */
import type { buildConnector, Dispatcher } from "undici";
import { InvalidURL } from "../errors.js";
import type { SslOptions, TransportOptions } from "../transport-options.js";
import { undici } from "./lazy.js";
import { expected, assertBoolean } from "@aiots/loop/internal";

/** What the connector builds its pools and proxy agent from. */
export interface Transport {
  /** `buildConnector` options (TLS, socket path). */
  readonly connect: buildConnector.BuildOptions;
  readonly allowH2: boolean;
  /** Connections per origin of a proxy agent (the connector's limit), or null for no cap. */
  readonly connections: number | null;
  /** A proxy agent the connector owns, if any. */
  readonly proxy: Dispatcher | undefined;
}

function checkSsl(ssl: unknown): buildConnector.BuildOptions {
  if (ssl === undefined) return {};
  if (ssl === false) return { rejectUnauthorized: false };
  if (typeof ssl !== "object" || ssl === null) {
    throw new TypeError(expected("ssl", "an object of TLS options or false", ssl));
  }
  const { ca, cert, key, rejectUnauthorized, servername } = ssl as SslOptions;
  const tls: buildConnector.BuildOptions = {};
  if (ca !== undefined) tls.ca = ca as string | Buffer | Array<string | Buffer>;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  if (rejectUnauthorized !== undefined) {
    assertBoolean("ssl.rejectUnauthorized", rejectUnauthorized);
    tls.rejectUnauthorized = rejectUnauthorized;
  }
  if (servername !== undefined) {
    if (typeof servername !== "string" || servername === "")
      throw new TypeError(expected("ssl.servername", "a host name", servername));
    tls.servername = servername;
  }
  return tls;
}

/** Checks a `proxy` option (`name` is the option's name): the proxy URL's href. */
export function checkProxy(proxy: unknown, name = "proxy"): string {
  if (typeof proxy !== "string" && !(proxy instanceof URL)) {
    throw new TypeError(expected(name, "an http: or https: URL", proxy));
  }
  let url: URL;
  try {
    url = new URL(String(proxy));
  } catch (error) {
    throw new InvalidURL(String(proxy), `Invalid proxy URL: ${JSON.stringify(String(proxy))}`, {
      cause: error,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidURL(
      String(proxy),
      `Expected an http: or https: proxy URL, got ${JSON.stringify(url.protocol)}`,
    );
  }
  return url.href;
}

/** Checks `options` and builds the transport; `connections` per origin for a proxy agent. */
export function buildTransport(options: TransportOptions, connections: number | null): Transport {
  const connect = checkSsl(options.ssl);
  if (options.socketPath !== undefined) {
    if (typeof options.socketPath !== "string" || options.socketPath === "") {
      throw new TypeError(expected("socketPath", "a path", options.socketPath));
    }
    connect.socketPath = options.socketPath;
  }
  const { http2: allowH2 = false, trustEnv = false } = options;
  assertBoolean("http2", allowH2);
  // The pools use our connector (see socket-tap.ts), so ALPN must be asked there too.
  if (allowH2) connect.allowH2 = true;
  assertBoolean("trustEnv", trustEnv);
  if (trustEnv && options.proxy !== undefined) {
    throw new TypeError("Expected only one of `proxy` and `trustEnv: true`, got both");
  }
  const transport = { connect, allowH2, connections };
  let proxy: Dispatcher | undefined;
  if (options.proxy !== undefined) {
    proxy = createProxyAgent(transport, checkProxy(options.proxy), undefined);
  } else if (trustEnv) {
    proxy = new (undici().EnvHttpProxyAgent)({
      connections,
      allowH2,
      requestTls: connect,
      connect,
    });
  }
  return { ...transport, proxy };
}

/**
 * An undici `ProxyAgent` to the proxy at `uri` (credentials in it become
 * `Proxy-Authorization: Basic`, unless `token` gives that header's value).
 */
export function createProxyAgent(
  transport: Omit<Transport, "proxy">,
  uri: string,
  token: string | undefined,
): Dispatcher {
  const { connections, allowH2, connect } = transport;
  return new (undici().ProxyAgent)({
    connections,
    allowH2,
    requestTls: connect,
    uri,
    ...(token === undefined ? {} : { token }),
  });
}
