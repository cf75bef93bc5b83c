/**
 * The request body: `data` or `json` turned into bytes undici can send, with the
 * content type each implies.
 */
import { expected } from "./validate.js";

/**
 * What `data` may be: a string, bytes, `URLSearchParams` (sent as a form), `FormData`
 * (multipart), or an async iterable of byte chunks (streamed).
 *
 * @example
 * ```ts
 * await session.post("/upload", { data: new URLSearchParams({ a: "1" }) });
 * await session.post("/upload", { data: fs.createReadStream("big.bin") });
 * ```
 */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | URLSearchParams
  | FormData
  | Blob
  | AsyncIterable<Uint8Array>
  | Readonly<Record<string, string | number | boolean>>;

/** An encoded body. */
export interface EncodedBody {
  /** Bytes, or a one-shot async iterable. */
  readonly body: Uint8Array | AsyncIterable<Uint8Array> | null;
  /** The content type it implies, unless the caller set one. */
  readonly contentType: string | undefined;
  /** Whether it can be sent again (for retries and 307/308 redirects). */
  readonly replayable: boolean;
}

/** No body. */
export const NO_BODY: EncodedBody = Object.freeze({
  body: null,
  contentType: undefined,
  replayable: true,
});

function isAsyncIterable(value: object): value is AsyncIterable<Uint8Array> {
  return typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function";
}

/** Encodes `data` (sync except for FormData and Blob, which are serialised through `Response`). */
export function encodeData(data: RequestData): EncodedBody | Promise<EncodedBody> {
  if (typeof data === "string") {
    return {
      body: Buffer.from(data, "utf8"),
      contentType: "text/plain; charset=utf-8",
      replayable: true,
    };
  }
  if (typeof data !== "object" || data === null) {
    throw new TypeError(
      expected(
        "data",
        "a string, Uint8Array, URLSearchParams, FormData, Blob, AsyncIterable or object",
        data,
      ),
    );
  }
  if (data instanceof Uint8Array)
    return { body: data, contentType: "application/octet-stream", replayable: true };
  if (data instanceof ArrayBuffer) {
    return {
      body: new Uint8Array(data),
      contentType: "application/octet-stream",
      replayable: true,
    };
  }
  if (data instanceof URLSearchParams) {
    return {
      body: Buffer.from(data.toString(), "utf8"),
      contentType: "application/x-www-form-urlencoded",
      replayable: true,
    };
  }
  if (data instanceof FormData || data instanceof Blob) {
    return (async (): Promise<EncodedBody> => {
      const response = new Response(data);
      const contentType = response.headers.get("content-type") ?? undefined;
      const body = new Uint8Array(await response.arrayBuffer());
      return { body, contentType, replayable: true };
    })();
  }
  if (isAsyncIterable(data))
    return { body: data, contentType: "application/octet-stream", replayable: false };
  // A plain object is a form, as aiohttp's `data=dict` is.
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) form.append(key, String(value));
  return {
    body: Buffer.from(form.toString(), "utf8"),
    contentType: "application/x-www-form-urlencoded",
    replayable: true,
  };
}

/** Encodes `json`. */
export function encodeJson(json: unknown, serialize: (value: unknown) => string): EncodedBody {
  const text = serialize(json);
  if (typeof text !== "string")
    throw new TypeError(expected("json", "a JSON-serialisable value", json));
  return { body: Buffer.from(text, "utf8"), contentType: "application/json", replayable: true };
}
