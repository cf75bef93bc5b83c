/**
 * Dependencies loaded when a session first uses them, not when `@aiots/http` is imported:
 * undici (the pools, the connector) on the first request, tough-cookie when a session
 * keeps cookies, form-data-encoder for the first multipart body. Importing the package then costs little, and a session without cookies
 * never loads the cookie library.
 */
import { createRequire } from "node:module";
import type * as FormDataEncoderModule from "form-data-encoder";
import type * as ToughCookie from "tough-cookie";
import type * as Undici from "undici";

const load = createRequire(import.meta.url);
let undiciModule: typeof Undici | undefined;
let toughCookieModule: typeof ToughCookie | undefined;
let formDataEncoderModule: typeof FormDataEncoderModule | undefined;

/** undici, loaded on first use. */
export function undici(): typeof Undici {
  return (undiciModule ??= load("undici") as typeof Undici);
}

/** tough-cookie, loaded on first use. */
export function toughCookie(): typeof ToughCookie {
  return (toughCookieModule ??= load("tough-cookie") as typeof ToughCookie);
}

/** form-data-encoder, loaded when a first multipart body is sent. */
export function formDataEncoder(): typeof FormDataEncoderModule {
  return (formDataEncoderModule ??= load("form-data-encoder") as typeof FormDataEncoderModule);
}
