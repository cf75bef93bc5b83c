/**
 * The request body: `data` or `json` turned into bytes undici can send, with the
 * content type each implies.
 */
import { getRunningLoopOrUndefined, type Clock } from "@aiots/loop";
import type { FormDataLike } from "form-data-encoder";
import { formDataEncoder } from "./lazy.js";
import { expected } from "@aiots/loop/internal";

/**
 * What `data` may be: a string, bytes, `URLSearchParams` (sent as a form), `FormData`
 * (multipart, streamed: files opened with {@link openFile} are read as they are sent), a
 * `Blob` (streamed), an async iterable of byte chunks (streamed), or a plain object: a form,
 * multipart if one of its values is a `Blob`/`File` (aiohttp's `data=dict` with files).
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
  | Readonly<Record<string, string | number | boolean | Blob>>;

/** An encoded body. */
export interface EncodedBody {
  /** Bytes, or a one-shot async iterable. */
  readonly body: Uint8Array | AsyncIterable<Uint8Array> | null;
  /** The content type it implies, unless the caller set one. */
  readonly contentType: string | undefined;
  /** Whether it can be sent again (for retries and 307/308 redirects). */
  readonly replayable: boolean;
  /** The length of a streamed body, when known (sent as `Content-Length`). */
  readonly length?: number | undefined;
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
  if (data instanceof Blob) return encodeBlob(data);
  if (formDataEncoder().isFormData(data)) return encodeFormData(data);
  if (isAsyncIterable(data))
    return { body: data, contentType: "application/octet-stream", replayable: false };
  // A plain object is a form, as aiohttp's `data=dict` is: multipart if it holds a file.
  const entries = Object.entries(data as Readonly<Record<string, unknown>>);
  if (entries.some(([, value]) => value instanceof Blob)) {
    const multipart = new FormData();
    for (const [key, value] of entries) {
      if (value instanceof Blob) multipart.append(key, value);
      else multipart.append(key, String(value));
    }
    return encodeFormData(multipart);
  }
  const form = new URLSearchParams();
  for (const [key, value] of entries) form.append(key, String(value));
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

/** A body read from `open()` each time it is sent (so it can be sent again). */
function replayable(open: () => AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => open()[Symbol.asyncIterator]() };
}

/**
 * Each read of `source` holds `clock` (`paceWithRealTime`) until it is done. The file reads
 * behind a file-backed Blob ({@link openFile}) are I/O Node lists as no request in flight (a
 * long-lived `FileHandleReadWrap`), so a `VirtualClock` would see a quiet process and jump
 * over them, to the request's total deadline say; held, it never runs ahead of real time
 * while a read is in flight. A clock without holds (the real one) is left alone.
 */
function pacedReads(
  source: AsyncIterable<Uint8Array>,
  clock: Clock | undefined,
): AsyncIterable<Uint8Array> {
  if (clock?.paceWithRealTime === undefined) return source;
  const hold = (): (() => void) => clock.paceWithRealTime!();
  return (async function* paced(): AsyncGenerator<Uint8Array, void, undefined> {
    const iterator = source[Symbol.asyncIterator]();
    let done = false;
    try {
      while (!done) {
        const release = hold();
        let step: IteratorResult<Uint8Array>;
        try {
          step = await iterator.next();
        } finally {
          release();
        }
        done = step.done === true;
        if (!done) yield step.value;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  })();
}

/** A `Blob` streamed (a file-backed one is read as it is sent), its size as the length. */
function encodeBlob(blob: Blob): EncodedBody {
  const clock = getRunningLoopOrUndefined()?.clock;
  return {
    body: replayable(() => pacedReads(blob.stream(), clock)),
    contentType: blob.type === "" ? "application/octet-stream" : blob.type,
    replayable: true,
    length: blob.size,
  };
}

/**
 * A `FormData` as `multipart/form-data`, streamed part by part by form-data-encoder (one
 * boundary, so every resend is the same bytes), with its length (its parts' sizes are known).
 */
function encodeFormData(form: FormDataLike | FormData): EncodedBody {
  const encoder = new (formDataEncoder().FormDataEncoder)(form);
  const length = encoder.contentLength === undefined ? undefined : Number(encoder.contentLength);
  const clock = getRunningLoopOrUndefined()?.clock;
  return {
    body: replayable(() => pacedReads(encoder.encode(), clock)),
    contentType: encoder.contentType,
    replayable: true,
    length,
  };
}
