/**
 * Debug mode's record of where things were made (asyncio's `_source_traceback`): the stack
 * of the code that created a handle, a task or a resource, the task whose step it was, and
 * the order of creation. Written only in debug mode; nothing here runs otherwise.
 */
import { currentContext } from "./context.js";
import type { Awaiter } from "./types.js";

/**
 * Where an object was created, as debug mode recorded it.
 *
 * @example
 * ```ts
 * const source: CreationSource | undefined = creationSourceOf(loop.callLater(10, tick));
 * console.log(source?.stack);
 * ```
 */
export interface CreationSource {
  /**
   * The stack of the code that created it, most recent call first, one `    at ...` line
   * a frame (the loop's own frames and the recorder's left out).
   */
  readonly stack: string;
  /** The awaiter (in practice a Task) whose step created it; `undefined` in a plain callback. */
  readonly owner: Awaiter | undefined;
  /** The order of creation among every recorded object of the process (1, 2, ...). */
  readonly serial: number;
}

interface SourceRegistry {
  readonly sources: WeakMap<object, CreationSource>;
  serial: number;
}

// One registry per process, shared by the ESM and CJS copies of this package (see context.ts).
const registryKey = Symbol.for("@aiots/loop:creation-sources");
const globalSlot = globalThis as unknown as Record<symbol, SourceRegistry | undefined>;
const registry: SourceRegistry = (globalSlot[registryKey] ??= {
  sources: new WeakMap(),
  serial: 0,
});

// Frames deep enough to reach the user's code under a few layers of library calls.
const STACK_DEPTH = 40;
// The loop's own scheduling frames, at the top of a handle's stack.
const LOOP_FRAME = /^\s+at (?:EventLoop\.|#schedule)/;

/**
 * Debug mode: records where `object` is being created (the current stack, less the frames
 * of `recordCreationSource` and of the `skip` function and above if given), with the
 * task whose step runs now as its owner. The loop calls it for its handles; `@aiots/tasks`
 * for tasks and tracked resources. Costs a stack capture (a few µs): call it only when the
 * loop's `getDebug()` is true.
 *
 * @example
 * ```ts
 * if (loop.getDebug()) recordCreationSource(connection);
 * ```
 */
export function recordCreationSource(object: object, skip?: (...args: never[]) => unknown): void {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_DEPTH;
  try {
    Error.captureStackTrace(holder, skip ?? recordCreationSource);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const frames = (holder.stack ?? "").split("\n").slice(1);
  const first = frames.findIndex((frame) => !LOOP_FRAME.test(frame));
  registry.sources.set(object, {
    stack: frames.slice(Math.max(first, 0)).join("\n"),
    owner: currentContext()?.awaiter,
    serial: ++registry.serial,
  });
}

/**
 * Where debug mode saw `object` created, or `undefined` if it was not recorded (debug mode
 * was off then).
 *
 * @example
 * ```ts
 * const timer = loop.callLater(1000, tick);
 * creationSourceOf(timer)?.stack; // "    at scheduleTick (file:///app/main.js:12:8)\n..."
 * ```
 */
export function creationSourceOf(object: object): CreationSource | undefined {
  return registry.sources.get(object);
}

/**
 * The serial the next recorded object will be above: objects recorded from now on have a
 * greater `serial` (a scope notes it when it opens).
 *
 * @example
 * ```ts
 * const opened = lastCreationSerial();
 * // ... later: creationSourceOf(x)!.serial > opened means x was made after that point
 * ```
 */
export function lastCreationSerial(): number {
  return registry.serial;
}
