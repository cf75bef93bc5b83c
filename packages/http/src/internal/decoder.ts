/**
 * The content codings the client decodes (RFC 9110 §8.4), in one table from a
 * `Content-Encoding` token to the zlib stream that undoes it, as undici's
 * `interceptor/decompress.js` keeps them.
 */
import zlib from "node:zlib";

/** A stream that decodes one content coding. */
export type Decoder = zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress;

const DECODERS = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  // "deflate" is zlib-wrapped per the RFC, but some servers send raw deflate: the first
  // byte of a zlib stream has 8 (deflate) as its low nibble.
  deflate: (first: Buffer) =>
    first.length > 0 && (first[0]! & 0x0f) === 0x08
      ? zlib.createInflate()
      : zlib.createInflateRaw(),
  br: () => zlib.createBrotliDecompress(),
} satisfies Record<string, (first: Buffer) => Decoder>;

/** The content codings decoded. */
export type Coding = keyof typeof DECODERS;

/** The coding a `Content-Encoding` value names (trimmed, any case), if it is decoded here. */
export function codingOf(contentEncoding: string | undefined): Coding | undefined {
  if (contentEncoding === undefined) return undefined;
  const token = contentEncoding.trim().toLowerCase();
  return Object.hasOwn(DECODERS, token) ? (token as Coding) : undefined;
}

/** A decoder for `coding`, given the first bytes of the body. */
export function createDecoder(coding: Coding, first: Buffer): Decoder {
  return DECODERS[coding](first);
}
