/**
 * The session's cookie jar on the wire: the `Cookie` header a request carries and the
 * `Set-Cookie` headers a response stores, synchronously when the jar's store is.
 */
import type { CookieJar } from "tough-cookie";
import type { ClientResponse } from "../client-response.js";
import { checkHeader } from "./request-headers.js";

function mergeCookies(flat: string[], cookies: string): string[] {
  if (cookies !== "") {
    // A cookie put in the jar by the caller may hold what no header can carry (`€`): a
    // caller error, raised before any connection exists (never a connector error).
    checkHeader("Cookie", cookies);
    const index = flat.findIndex((value, i) => i % 2 === 0 && value.toLowerCase() === "cookie");
    if (index === -1) flat.push("Cookie", cookies);
    else flat[index + 1] = `${flat[index + 1]!}; ${cookies}`;
  }
  return flat;
}

/** Adds the jar's cookies for `url` to `flat` (joined to a `Cookie` header already there). */
export function addCookieHeader(
  jar: CookieJar,
  url: URL,
  flat: string[],
): string[] | Promise<string[]> {
  if (jar.store.synchronous) return mergeCookies(flat, jar.getCookieStringSync(url.href));
  return jar.getCookieString(url.href).then((cookies) => mergeCookies(flat, cookies));
}

/** Stores the response's `Set-Cookie` headers in the jar (invalid ones are ignored). */
export async function storeCookies(jar: CookieJar, response: ClientResponse): Promise<void> {
  for (const cookie of response.headers.getSetCookie()) {
    if (jar.store.synchronous) jar.setCookieSync(cookie, response.url, { ignoreError: true });
    else await jar.setCookie(cookie, response.url, { ignoreError: true });
  }
}
