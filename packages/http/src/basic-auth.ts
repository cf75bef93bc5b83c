/**
 * HTTP Basic authentication credentials (aiohttp's `BasicAuth`).
 */
import { describeValue, expected } from "@aiots/loop/internal";

/**
 * Login and password for HTTP Basic authentication (RFC 7617). Pass it as the session's
 * or a request's `auth`; credentials in a URL (`http://user:pass@host/`) become one too.
 * Credentials are dropped when a redirect leaves the origin they were sent to.
 *
 * @example
 * ```ts
 * const auth = new BasicAuth("alice", "s3cret");
 * auth.encode(); // "Basic YWxpY2U6czNjcmV0"
 * await using session = new ClientSession({ auth });
 * ```
 */
export class BasicAuth {
  /** The user name; must not contain `:`. */
  readonly login: string;
  /** The password. */
  readonly password: string;
  /** How the credentials are turned into bytes: `"utf8"` (default, RFC 7617) or `"latin1"`. */
  readonly encoding: "utf8" | "latin1";

  constructor(login: string, password = "", encoding: "utf8" | "latin1" = "utf8") {
    if (typeof login !== "string") throw new TypeError(expected("login", "a string", login));
    if (typeof password !== "string") {
      throw new TypeError(expected("password", "a string", password));
    }
    if (login.includes(":")) {
      throw new RangeError(expected("login", 'a string with no ":"', login));
    }
    this.login = login;
    this.password = password;
    this.encoding = encoding;
  }

  /**
   * Parses an `Authorization: Basic ...` header value.
   *
   * @example
   * ```ts
   * BasicAuth.decode("Basic YWxpY2U6czNjcmV0").login; // "alice"
   * ```
   */
  static decode(header: string, encoding: "utf8" | "latin1" = "utf8"): BasicAuth {
    const match = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match === null) {
      throw new RangeError(expected("header", '"Basic <base64>"', header));
    }
    const decoded = Buffer.from(match[1]!, "base64").toString(encoding);
    const colon = decoded.indexOf(":");
    if (colon === -1) {
      throw new RangeError(
        `Expected the credentials to contain ":", got ${describeValue(decoded)}`,
      );
    }
    return new BasicAuth(decoded.slice(0, colon), decoded.slice(colon + 1), encoding);
  }

  /**
   * The credentials in a URL's userinfo, percent-decoded, or `undefined` if it has none.
   *
   * @example
   * ```ts
   * BasicAuth.fromUrl(new URL("http://bob:pw@example.com/"))?.login; // "bob"
   * ```
   */
  static fromUrl(url: URL): BasicAuth | undefined {
    if (url.username === "" && url.password === "") return undefined;
    return new BasicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password));
  }

  /**
   * The `Authorization` header value.
   *
   * @example
   * ```ts
   * new BasicAuth("a", "b").encode(); // "Basic YTpi"
   * ```
   */
  encode(): string {
    return (
      "Basic " + Buffer.from(`${this.login}:${this.password}`, this.encoding).toString("base64")
    );
  }
}
