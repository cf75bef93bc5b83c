/**
 * Upload progress: what a request reports as its body is sent.
 */

/**
 * How much of a request body is sent: bytes handed to the socket so far, and the body's
 * size when known (bytes, a `Blob`, a `FormData`; `undefined` for a stream or an iterable).
 *
 * @example
 * ```ts
 * await session.put(url, {
 *   data: await openFile("video.mp4"),
 *   onUploadProgress: ({ sent, total }: UploadProgress) =>
 *     console.log(total === undefined ? `${sent} bytes` : `${Math.round((100 * sent) / total)} %`),
 * });
 * ```
 */
export interface UploadProgress {
  /** Body bytes handed to the socket so far. */
  readonly sent: number;
  /** The body's length in bytes, when known. */
  readonly total: number | undefined;
}
