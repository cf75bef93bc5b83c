import { inspect } from "node:util";

/** The value's own `toString()` (Future, Handle, Task reprs), if it overrides Object's. */
export function customRepr(value: object): string | undefined {
  if (Array.isArray(value) || value instanceof Error) return undefined;
  const toString: unknown = (value as { toString?: unknown }).toString;
  if (typeof toString !== "function" || toString === Object.prototype.toString) return undefined;
  try {
    const text: unknown = Reflect.apply(toString, value, []);
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}

/** How the default exception handler shows a context value: asyncio's `repr()`. */
export function formatContextValue(value: unknown): string {
  const custom = typeof value === "object" && value !== null ? customRepr(value) : undefined;
  return custom ?? inspect(value, { depth: 1, breakLength: Infinity });
}

/** A string as `reprlib` shows it: quoted, and cut to 37 characters and `...` past 40. */
export function shortString(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** asyncio's `reprlib`-like short form of a future's result or exception. */
export function shortRepr(value: unknown): string {
  if (value instanceof Error) return `${value.name}('${value.message}')`;
  if (typeof value === "string") return shortString(value);
  if (typeof value === "object" && value !== null)
    return `<${value.constructor?.name ?? "Object"}>`;
  return String(value);
}
