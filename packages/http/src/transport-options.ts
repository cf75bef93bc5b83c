/**
 * How the connector reaches servers: TLS options, a Unix socket, HTTP/2, proxies.
 */

/**
 * TLS options of the connections (aiohttp's `ssl`, as Node's `tls.connect` options).
 *
 * @example
 * ```ts
 * const session = new ClientSession({
 *   ssl: { ca: readFileSync("ca.pem"), cert: readFileSync("client.pem"), key: readFileSync("client.key") },
 * });
 * ```
 */
export interface SslOptions {
  /** Trusted CA certificates (PEM), instead of Node's bundled ones. */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** A client certificate (PEM), for mutual TLS. */
  cert?: string | Buffer;
  /** The client certificate's private key (PEM). */
  key?: string | Buffer;
  /** Check the server's certificate. Default true; `ssl: false` is the same as `false` here. */
  rejectUnauthorized?: boolean;
  /** The name sent in SNI and checked in the certificate, instead of the URL's host. */
  servername?: string;
}

/**
 * Transport options of a {@link Connector} (and shorthands of {@link ClientSession}).
 *
 * @example
 * ```ts
 * new ClientSession({ proxy: "http://user:pass@proxy.internal:3128" });
 * new ClientSession({ trustEnv: true }); // HTTP_PROXY, HTTPS_PROXY, NO_PROXY
 * new ClientSession({ connector: { socketPath: "/var/run/docker.sock" } });
 * new ClientSession({ connector: { http2: true } });
 * ```
 */
export interface TransportOptions {
  /** TLS options, or `false` to skip certificate checks (aiohttp's `ssl=False`). */
  ssl?: SslOptions | false;
  /** Connect every request to this Unix socket (aiohttp's `UnixConnector`); the URL's host is only the `Host` header. */
  socketPath?: string;
  /** Offer HTTP/2 by ALPN on `https:` origins (undici's `allowH2`). Default false. */
  http2?: boolean;
  /**
   * Send every request through this HTTP proxy (`http://` or `https://`, credentials in the
   * URL become `Proxy-Authorization: Basic`), with undici's `ProxyAgent` (CONNECT tunnels).
   */
  proxy?: string | URL;
  /**
   * Read the proxies from `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (lower case first), with
   * undici's `EnvHttpProxyAgent` (aiohttp's `trust_env`). Default false. Not with `proxy`.
   */
  trustEnv?: boolean;
}
