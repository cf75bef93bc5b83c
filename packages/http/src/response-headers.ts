/**
 * A response's headers: a read-only, case-insensitive multi-map built lazily from the raw
 * name/value list undici hands over, so a response whose headers nobody reads costs no
 * parsing.
 */

import { isRawName } from "./internal/raw-headers.js";

type RawHeaders = ReadonlyArray<Buffer | string>;

/**
 * The headers of a response: case-insensitive, read-only, with repeated headers kept.
 * `get` joins repeated values with `", "` as WHATWG `Headers` does; `getAll` returns them
 * apart (aiohttp's `getall`), and `getSetCookie()` returns each `Set-Cookie` line.
 *
 * @example
 * ```ts
 * const response = await session.get(url);
 * console.log(response.headers.get("content-type")); // "application/json"
 * for (const [name, value] of response.headers) console.log(name, value);
 * ```
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  #raw: RawHeaders;
  #map: Map<string, string[]> | undefined;

  /**
   * @param raw - names and values alternating, as undici's `rawHeaders`, or an object.
   */
  constructor(raw: RawHeaders | Record<string, string | readonly string[]> = []) {
    if (Array.isArray(raw)) {
      this.#raw = raw as RawHeaders;
    } else {
      const flat: string[] = [];
      for (const [name, value] of Object.entries(raw)) {
        if (typeof value === "string") flat.push(name, value);
        else for (const item of value as readonly string[]) flat.push(name, item);
      }
      this.#raw = flat;
    }
  }

  #entries(): Map<string, string[]> {
    let map = this.#map;
    if (map === undefined) {
      map = new Map();
      const raw = this.#raw;
      for (let index = 0; index + 1 < raw.length; index += 2) {
        const name = raw[index]!.toString("latin1").toLowerCase();
        const value = raw[index + 1]!.toString("latin1");
        const list = map.get(name);
        if (list === undefined) map.set(name, [value]);
        else list.push(value);
      }
      this.#map = map;
    }
    return map;
  }

  /**
   * The values of `lower` (a lower-case name) joined with `", "`, or `null`, read from the
   * raw list: the few headers a response's user asks for (its `Content-Type` for `text()`)
   * cost no map of them all, and no string of a name.
   */
  #find(lower: string): string | null {
    const raw = this.#raw;
    let found: string | null = null;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      if (!isRawName(raw[index]!, lower)) continue;
      const value = raw[index + 1]!.toString("latin1");
      found = found === null ? value : `${found}, ${value}`;
    }
    return found;
  }

  /**
   * The value of a header, repeated values joined with `", "`, or `null` if absent.
   *
   * @example
   * ```ts
   * response.headers.get("Content-Length"); // "1024"
   * ```
   */
  get(name: string): string | null {
    const lower = name.toLowerCase();
    if (this.#map === undefined) return this.#find(lower);
    const list = this.#map.get(lower);
    if (list === undefined) return null;
    return list.length === 1 ? list[0]! : list.join(", ");
  }

  /**
   * Every value of a header, in order (aiohttp's `getall`); empty if absent.
   *
   * @example
   * ```ts
   * response.headers.getAll("vary"); // ["accept", "origin"]
   * ```
   */
  getAll(name: string): string[] {
    return [...(this.#entries().get(name.toLowerCase()) ?? [])];
  }

  /**
   * Each `Set-Cookie` value as sent.
   *
   * @example
   * ```ts
   * response.headers.getSetCookie(); // ["a=1; Path=/", "b=2"]
   * ```
   */
  getSetCookie(): string[] {
    return this.getAll("set-cookie");
  }

  /**
   * Whether the header is present.
   *
   * @example
   * ```ts
   * response.headers.has("etag"); // true
   * ```
   */
  has(name: string): boolean {
    const lower = name.toLowerCase();
    if (this.#map === undefined) return this.#find(lower) !== null;
    return this.#map.has(lower);
  }

  /**
   * `[name, value]` pairs with lower-case names, repeated headers joined (except
   * `set-cookie`, which comes once per value), sorted by name as WHATWG `Headers` are.
   *
   * @example
   * ```ts
   * console.log(Object.fromEntries(response.headers.entries()));
   * ```
   */
  *entries(): IterableIterator<[string, string]> {
    const names = [...this.#entries().keys()].sort();
    for (const name of names) {
      const list = this.#entries().get(name)!;
      if (name === "set-cookie") for (const value of list) yield [name, value];
      else yield [name, list.join(", ")];
    }
  }

  /**
   * The lower-case header names, sorted.
   *
   * @example
   * ```ts
   * [...response.headers.keys()]; // ["content-length", "content-type", "date"]
   * ```
   */
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  /**
   * The values, in the order of {@link ResponseHeaders.keys}.
   *
   * @example
   * ```ts
   * [...response.headers.values()];
   * ```
   */
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  /**
   * Calls `callback(value, name)` for each entry, as `Headers.forEach` does.
   *
   * @example
   * ```ts
   * response.headers.forEach((value, name) => console.log(name, value));
   * ```
   */
  forEach(callback: (value: string, name: string, headers: ResponseHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  /**
   * Same as {@link ResponseHeaders.entries}.
   *
   * @example
   * ```ts
   * for (const [name, value] of response.headers) console.log(`${name}: ${value}`);
   * ```
   */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /**
   * A plain object, repeated values joined (`set-cookie` as an array).
   *
   * @example
   * ```ts
   * JSON.stringify(response.headers); // {"content-type":"text/plain",...}
   * ```
   */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, list] of this.#entries()) {
      out[name] = name === "set-cookie" ? [...list] : list.join(", ");
    }
    return out;
  }
}
