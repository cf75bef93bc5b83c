/**
 * Lookups in undici's raw header list (names and values alternating, as bytes) that make
 * no string of a name that can not match: a response's head is searched for a header or
 * two (its coding, its length, its content type) far more often than it is read whole.
 */

/** Whether the raw name `key` is `lower` (a lower-case name), case-insensitively. */
export function isRawName(key: Buffer | string, lower: string): boolean {
  if (typeof key === "string") return key.toLowerCase() === lower;
  if (key.length !== lower.length) return false;
  for (let index = 0; index < key.length; index++) {
    let byte = key[index]!;
    // Beyond ASCII, latin1's own case rules (no server should send such a name).
    if (byte >= 0x80) return key.toString("latin1").toLowerCase() === lower;
    if (byte >= 0x41 && byte <= 0x5a) byte |= 0x20; // A-Z
    if (byte !== lower.charCodeAt(index)) return false;
  }
  return true;
}

/** The first value of the header `lower` (a lower-case name), or `undefined`. */
export function findRawHeader(
  raw: ReadonlyArray<Buffer | string>,
  lower: string,
): string | undefined {
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if (isRawName(raw[index]!, lower)) return raw[index + 1]!.toString("latin1");
  }
  return undefined;
}
