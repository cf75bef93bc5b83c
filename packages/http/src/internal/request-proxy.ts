/**
 * A request's own `proxy` and `proxyAuth` (aiohttp's per-request `proxy`/`proxy_auth`):
 * checked before anything is sent, and turned into the connector's proxy agent for it.
 */
import { BasicAuth } from "../basic-auth.js";
import type { Connector } from "../connector.js";
import type { Dispatcher } from "undici";
import { checkProxy } from "./transport.js";
import { expected } from "@aiots/loop/internal";

/** The dispatcher for a request with `proxy` (and `proxyAuth`), or undefined without one. */
export function requestProxy(
  connector: Connector,
  proxy: unknown,
  proxyAuth: unknown,
): Dispatcher | undefined {
  if (proxyAuth !== undefined && !(proxyAuth instanceof BasicAuth)) {
    throw new TypeError(expected("proxyAuth", "a BasicAuth", proxyAuth));
  }
  if (proxy === undefined) {
    if (proxyAuth !== undefined)
      throw new TypeError("Expected `proxyAuth` only with `proxy`, got it without one");
    return undefined;
  }
  const uri = checkProxy(proxy);
  return connector.proxyAgent(uri, proxyAuth?.encode());
}
