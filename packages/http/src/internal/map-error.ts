/**
 * Turns undici's and Node's errors into the client's (aiohttp's) error classes, keeping the
 * original as `cause`.
 */
import { CancelledError, TimeoutError } from "@aiots/loop";
import {
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ServerDisconnectedError,
  type RequestInfo,
} from "../errors.js";
import { ConnectionTimeoutError, SocketTimeoutError } from "../timeout-errors.js";
import { CERTIFICATE_ERRORS, ClientConnectorCertificateError } from "../tls-errors.js";

/** Where the request was when it failed. */
export type Phase = "connect" | "headers" | "body";

/** What the mapping needs to know about the hop. */
export interface ErrorSite {
  readonly host: string;
  readonly port: number;
  readonly requestInfo: RequestInfo;
}

function field(error: unknown, name: string): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

const CONNECT_ERRNOS = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
]);

/** The client's error for `error`, raised in `phase` of a hop to `site`. */
export function mapError(error: unknown, phase: Phase, site: ErrorSite): unknown {
  if (
    error instanceof ClientError ||
    error instanceof CancelledError ||
    error instanceof TimeoutError
  )
    return error;
  const code = field(error, "code");
  const message = field(error, "message") ?? String(error);
  const options = { cause: error };
  switch (code) {
    case "UND_ERR_INVALID_ARG":
    case "UND_ERR_NOT_SUPPORTED":
      // undici refused the request before sending it (a header it can not write): a
      // caller error, never a connection error (so never retried).
      return new TypeError(`Invalid request: ${message}`, options);
    case "UND_ERR_CONNECT_TIMEOUT":
      return new ConnectionTimeoutError(`Connection timeout to ${site.host}:${site.port}`, options);
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return new SocketTimeoutError("Timeout on reading data from socket", options);
    case "UND_ERR_HEADERS_OVERFLOW":
      // aiohttp reports an unparsable head as a 400 ClientResponseError.
      return new ClientResponseError(
        site.requestInfo,
        `Invalid response: the header section is too large`,
        {
          status: 400,
          cause: error,
        },
      );
    case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
      return new ClientPayloadError(
        "Response payload is not completed: body length does not match Content-Length",
        options,
      );
    case "UND_ERR_RES_EXCEEDED_MAX_SIZE":
      return new ClientPayloadError("Response payload is too large", options);
    case "UND_ERR_DESTROYED":
    case "UND_ERR_CLOSED":
      return new ClientConnectionError("Connector is closed", options);
    case "UND_ERR_SOCKET":
      if (phase === "body")
        return new ClientPayloadError(`Response payload is not completed: ${message}`, options);
      return new ServerDisconnectedError(`Server disconnected: ${message}`, options);
    default:
      break;
  }
  if (
    (code !== undefined && code.startsWith("HPE_")) ||
    field(error, "name") === "HTTPParserError"
  ) {
    if (phase === "body")
      return new ClientPayloadError(`Response payload is invalid: ${message}`, options);
    return new ClientResponseError(site.requestInfo, `Invalid response: ${message}`, {
      status: 400,
      cause: error,
    });
  }
  if (code !== undefined && CERTIFICATE_ERRORS.has(code)) {
    return new ClientConnectorCertificateError(
      `Cannot connect to host ${site.host}:${site.port} [certificate rejected: ${code}: ${message}]`,
      { host: site.host, port: site.port, errno: code, cause: error },
    );
  }
  const errno = code !== undefined && /^E[A-Z_]+$/.test(code) ? code : undefined;
  if (phase === "connect" || (errno !== undefined && CONNECT_ERRNOS.has(errno))) {
    return new ClientConnectorError(
      `Cannot connect to host ${site.host}:${site.port} [${code ?? "error"}: ${message}]`,
      {
        host: site.host,
        port: site.port,
        errno,
        syscall: field(error, "syscall"),
        cause: error,
      },
    );
  }
  if (phase === "body")
    return new ClientPayloadError(`Response payload is not completed: ${message}`, options);
  if (errno !== undefined) {
    return new ClientOSError(`${errno}: ${message}`, {
      errno,
      syscall: field(error, "syscall"),
      cause: error,
    });
  }
  return new ClientConnectionError(message, options);
}
