/**
 * The TLS failure of a connection (aiohttp's `ClientConnectorCertificateError`).
 */
import { brandErrorClass } from "@aiots/loop";
import { ClientConnectorError } from "./errors.js";

/**
 * The server's certificate was rejected: self-signed or from a CA not trusted (`ssl.ca`),
 * expired, or for another host name. A {@link ClientConnectorError}; `certificateError` is
 * Node's code (e.g. `"DEPTH_ZERO_SELF_SIGNED_CERT"`, `"ERR_TLS_CERT_ALTNAME_INVALID"`).
 *
 * @example
 * ```ts
 * try {
 *   await session.get("https://self-signed.example/");
 * } catch (error) {
 *   if (error instanceof ClientConnectorCertificateError) console.log(error.certificateError);
 * }
 * ```
 */
export class ClientConnectorCertificateError extends ClientConnectorError {
  override name = "ClientConnectorCertificateError";
  override readonly code: string = "ERR_AIOTS_HTTP_CERTIFICATE";
  /** Node's code for the certificate problem. */
  get certificateError(): string | undefined {
    return this.errno;
  }
}
brandErrorClass(ClientConnectorCertificateError, "@aiots/http:ClientConnectorCertificateError");

/** Node's TLS error codes that mean the certificate was rejected. */
export const CERTIFICATE_ERRORS: ReadonlySet<string> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
