/**
 * The arguments of a close frame a client may send (RFC 6455 §7.4: 1000, or an application
 * code from 3000 to 4999; a reason of at most 123 bytes).
 */
import { expected } from "@aiots/loop/internal";

/** Checks `close(code, reason)`'s arguments; `RangeError` naming the bad one. */
export function checkCloseFrame(code: unknown, reason: unknown): void {
  if (
    typeof code !== "number" ||
    !Number.isInteger(code) ||
    (code !== 1000 && (code < 3000 || code > 4999))
  ) {
    throw new RangeError(expected("code", "1000 or a code from 3000 to 4999", code));
  }
  if (typeof reason !== "string" || Buffer.byteLength(reason) > 123) {
    throw new RangeError(expected("reason", "a string of at most 123 bytes", reason));
  }
}
