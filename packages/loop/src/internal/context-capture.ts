/**
 * Capturing the async context (every `AsyncLocalStorage` store) to re-enter it later, as
 * cheaply as the runtime allows. Where Node carries async context in frames
 * (`AsyncContextFrame`: Node 24 by default, Node 22 with `--experimental-async-context-frame`),
 * each `AsyncLocalStorage.run` builds a new frame, a copy of every store, while an
 * `AsyncResource` keeps the frame it was made in and re-enters it by reference: there a
 * capture is an `AsyncResource`. Where the stores are properties of async resources (Node
 * 20 and 22 by default), `run` only sets a property and an `AsyncResource` costs an init
 * hook: there nothing is captured, and the loop context is re-entered with `run`.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { runInContextWith } from "../context.js";
import type { LoopContext } from "../types.js";

/**
 * Whether this process keeps async context in frames: probed once, by whether a store
 * entered inside an `AsyncResource`'s scope becomes a property of that resource (it does
 * where there are no frames).
 */
export const contextIsFramed: boolean = probeFramed();

function probeFramed(): boolean {
  const storage = new AsyncLocalStorage<true>();
  const resource = new AsyncResource("aiots.probe");
  try {
    return resource.runInAsyncScope(() => {
      const before = Object.getOwnPropertySymbols(resource).length;
      storage.enterWith(true);
      return Object.getOwnPropertySymbols(resource).length === before;
    });
  } finally {
    storage.disable();
  }
}

/**
 * The current async context, captured to be re-entered with `runInAsyncScope`, where that
 * is cheaper than `AsyncLocalStorage.run` (see the module comment); else `undefined`.
 */
export function captureContext(): AsyncResource | undefined {
  return contextIsFramed ? new AsyncResource("aiots.context") : undefined;
}

/**
 * Runs `fn(arg)` in `context`: by re-entering `scope`, the capture of that context (see
 * {@link captureContext}), when there is one; else with `runInContextWith`.
 */
export function runInCaptured<A>(
  scope: AsyncResource | undefined,
  context: LoopContext,
  fn: (arg: A) => void,
  arg: A,
): void {
  if (scope !== undefined) scope.runInAsyncScope(fn, undefined, arg);
  else runInContextWith(context, fn, arg);
}
