/**
 * `openFile`: a file to upload, read as it is sent.
 */
import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { expected } from "@aiots/loop/internal";

/**
 * Options of {@link openFile} (aiohttp's `FormData.add_field(..., filename=, content_type=)`).
 *
 * @example
 * ```ts
 * await openFile("out/report.csv", { filename: "report-2026.csv", contentType: "text/csv" });
 * ```
 */
export interface OpenFileOptions {
  /** The part's file name in a multipart body. Default: the path's last segment. */
  filename?: string;
  /** The part's (or the body's) content type. Default: none (sent as `application/octet-stream`). */
  contentType?: string;
}

/**
 * Opens the file at `path` as a `File` whose bytes are read only as the request sends them
 * (Node's `fs.openAsBlob`): a multi-gigabyte upload never sits in memory. Its size is known,
 * so the request carries a `Content-Length`. Use it as `data` (the body is the file), as a
 * value of a plain-object `data` or of a `FormData` (a multipart part, with its file name and
 * content type: aiohttp's `FormData.add_field`). A request that reads it again (a retry, a
 * 307 redirect) reads the file again; a file changed or removed after it was opened fails
 * the request with `ClientRequestBodyError`. Rejects as `fs` does for a missing file.
 *
 * @example
 * ```ts
 * await session.post("https://uploads.example/", {
 *   data: { title: "Q3", report: await openFile("report.csv", { contentType: "text/csv" }) },
 * }); // multipart/form-data: a "title" field and a "report" file part
 *
 * await session.put("https://bucket.example/video.mp4", { data: await openFile("video.mp4") });
 * ```
 */
export async function openFile(path: string, options: OpenFileOptions = {}): Promise<File> {
  if (typeof path !== "string" || path === "")
    throw new TypeError(expected("path", "a file path", path));
  if (typeof options !== "object" || options === null)
    throw new TypeError(expected("options", "an object", options));
  const { filename, contentType } = options;
  if (filename !== undefined && typeof filename !== "string")
    throw new TypeError(expected("filename", "a string", filename));
  if (contentType !== undefined && typeof contentType !== "string")
    throw new TypeError(expected("contentType", "a string", contentType));
  // Node's openAsBlob reports a missing file as a bad argument: stat first for fs's ENOENT.
  await stat(path);
  const blob = await openAsBlob(path, { type: contentType ?? "" });
  return new File([blob], filename ?? basename(path), { type: blob.type });
}
