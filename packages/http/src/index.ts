export { BasicAuth } from "./basic-auth.js";
export { ClientResponse, type JsonOptions } from "./client-response.js";
export { ClientSession } from "./client-session.js";
export { DEFAULT_TIMEOUT, type ClientTimeout, type ResolvedTimeout } from "./client-timeout.js";
export { Connector, type ConnectorOptions, type ConnectorStats, type Slot } from "./connector.js";
export {
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ContentTypeError,
  InvalidURL,
  ServerConnectionError,
  ServerDisconnectedError,
  TooManyRedirects,
  type RequestInfo,
} from "./errors.js";
export {
  ConnectionTimeoutError,
  ServerTimeoutError,
  SocketTimeoutError,
  TotalTimeoutError,
} from "./timeout-errors.js";
export type {
  ClientSessionOptions,
  HeadersInput,
  ParamsInput,
  RaiseForStatus,
  RequestData,
  RequestOptions,
} from "./options.js";
export { ResponseHeaders } from "./response-headers.js";
export { parseRetryAfter, type RetryOptions } from "./retry.js";
export { StreamReader } from "./stream-reader.js";
export type { TraceConfig, TraceRequestEvent } from "./trace.js";
export {
  DEFAULT_RECONNECTION_TIME,
  EventStream,
  type EventStreamOptions,
  type OpenEventStream,
} from "./event-stream.js";
export { SseParser, type ServerSentEvent } from "./sse-parser.js";
export { ClientWebSocket } from "./client-websocket.js";
export { WSMessageTypeError, WSServerHandshakeError } from "./ws-errors.js";
export { WSCloseCode, type WSDataMessage, type WSMessage } from "./ws-message.js";
export type { WSConnectOptions } from "./ws-options.js";
export { ClientRequest } from "./client-request.js";
export type { ClientHandler, ClientMiddleware } from "./middlewares.js";
export { ClientConnectorCertificateError } from "./tls-errors.js";
export type { SslOptions, TransportOptions } from "./transport-options.js";
export { ClientRequestBodyError } from "./request-body-errors.js";
export type { UploadProgress } from "./upload-progress.js";
export { openFile, type OpenFileOptions } from "./open-file.js";
