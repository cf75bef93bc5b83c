// The worker side of WorkerPoolExecutor, shipped as plain JavaScript so that it loads the
// same way from the sources (under vitest) and from dist/ (ESM and CJS builds).
import { MessagePort } from "node:worker_threads";
import { move } from "piscina";

const ERROR_KEY = "@aiots/loop:error";

function isTransferable(value) {
  return (
    value instanceof ArrayBuffer ||
    (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) ||
    value instanceof MessagePort
  );
}

/** Runs `name` from `module` with `args`; errors come back as data so that name/code survive. */
export default async function runJob({ module, name, args }) {
  try {
    const namespace = await import(module);
    const fn =
      name === "default" ? (namespace.default ?? namespace["module.exports"]) : namespace[name];
    if (typeof fn !== "function") {
      throw new TypeError(
        `Expected \`${name}\` to be a function exported by ${module}, got ${typeof fn}`,
      );
    }
    const result = await fn(...args);
    return isTransferable(result) ? move(result) : result;
  } catch (error) {
    const isError = error instanceof Error;
    return {
      [ERROR_KEY]: {
        name: isError ? error.name : "Error",
        message: isError ? error.message : String(error),
        stack: isError ? error.stack : undefined,
        code: isError && typeof error.code === "string" ? error.code : undefined,
      },
    };
  }
}
