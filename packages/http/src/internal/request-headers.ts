/**
 * Request headers: validated before anything is sent (no CRLF injection), merged
 * case-insensitively, and flattened into the name/value array undici takes.
 */
import { expected } from "@aiots/loop/internal";

/**
 * Headers as users give them: an object, pairs, or a `Headers`.
 *
 * @example
 * ```ts
 * await session.get("/", { headers: { Accept: "application/json" } });
 * await session.get("/", { headers: [["X-Trace", "1"], ["X-Trace", "2"]] });
 * ```
 */
export type HeadersInput =
  | Readonly<Record<string, string | number | boolean | readonly string[] | undefined | null>>
  | Iterable<readonly [string, string]>;

/** An RFC 9110 token: a header name, or a method name. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII, space, tab and obs-text; CR, LF and NUL (and other controls) are not allowed.
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Checks one header; TypeError naming the header otherwise. */
export function checkHeader(name: string, value: string): void {
  if (typeof name !== "string" || !TOKEN.test(name)) {
    throw new TypeError(
      expected("header name", "an HTTP token (no spaces, colons or control characters)", name),
    );
  }
  if (BAD_VALUE.test(value)) {
    throw new TypeError(
      expected(
        `header ${name}`,
        "a Latin-1 value without CR, LF, NUL or other control characters",
        value,
      ),
    );
  }
}

/** Header entries keyed by lower-case name: [name as given, value(s)]. */
export type HeaderMap = Map<string, [string, string | string[]]>;

/** Validates and adds `input` to `into` (later names replace earlier ones). */
export function mergeHeaders(
  into: HeaderMap,
  input: HeadersInput | undefined,
  option = "headers",
): HeaderMap {
  if (input === undefined || input === null) return into;
  if (typeof input !== "object")
    throw new TypeError(expected(option, "an object, an array of pairs or a Headers", input));
  const iterable = (input as Partial<Iterable<unknown>>)[Symbol.iterator];
  if (typeof iterable === "function") {
    for (const pair of input as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(expected(`${option}[]`, "a [name, value] pair", pair));
      }
      const [name, value] = pair as [unknown, unknown];
      add(into, name, value);
    }
  } else {
    for (const name of Object.keys(input)) {
      add(into, name, (input as Record<string, unknown>)[name]);
    }
  }
  return into;
}

function add(into: HeaderMap, name: unknown, value: unknown): void {
  if (typeof name !== "string") throw new TypeError(expected("header name", "a string", name));
  if (value === undefined || value === null) {
    into.delete(name.toLowerCase());
    return;
  }
  if (Array.isArray(value)) {
    const values = value.map((item: unknown) => String(item));
    for (const item of values) checkHeader(name, item);
    into.set(name.toLowerCase(), [name, values]);
    return;
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(expected(`header ${name}`, "a string", value));
  }
  const text = String(value);
  checkHeader(name, text);
  into.set(name.toLowerCase(), [name, text]);
}

/** The flat `[name, value, name, value...]` list undici takes. */
export function flattenHeaders(map: HeaderMap): string[] {
  const flat: string[] = [];
  for (const [name, value] of map.values()) {
    if (typeof value === "string") flat.push(name, value);
    else for (const item of value) flat.push(name, item);
  }
  return flat;
}

/** `[name, value]` pairs (for RequestInfo and trace events). */
export function headerPairs(flat: readonly string[]): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (let index = 0; index + 1 < flat.length; index += 2)
    pairs.push([flat[index]!, flat[index + 1]!]);
  return pairs;
}
