/**
 * The brands behind `instanceof` on the client's error classes: a `Symbol.for` key per class
 * (so the ESM and CJS builds agree), and the client-side brands of classes that extend a
 * built-in error instead (`TimeoutError`, `TypeError`).
 */

/** The prefix of the client's brand keys. */
export const ID = "@aiots/http:";

/** Adds the brands of client-side classes to a class that cannot extend them. */
export function addBrands(cls: abstract new (...args: never[]) => Error, ...names: string[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, Symbol.for(ID + name), { value: true });
  }
}
