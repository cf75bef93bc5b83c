/**
 * Dependencies loaded when a session or connector is made, not when `@aiots/http` is
 * imported: undici (the pools) and form-data-encoder (multipart bodies) by every
 * `Connector`, tough-cookie by a session that keeps cookies. Importing the package costs
 * little, and no request pays for a load: a synchronous `require` of undici takes ~80 ms
 * the first time, which inside a request would eat into its `timeout.total` (the deadline
 * is already armed) and fire it late (issue #12).
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

/** Loads what every request may need (undici, form-data-encoder): made with a connector. */
export function loadRequestDependencies(): void {
  undici();
  formDataEncoder();
}
