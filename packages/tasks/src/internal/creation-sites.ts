/**
 * Debug mode: where tasks were created (asyncio's `Task._source_traceback`), and the line
 * of user code a creation stack points at. Tasks are recorded by a task observer that
 * exists only while a debug `run()` or a debug task group needs it, so the `Task`
 * constructor does nothing more than it does without debug mode (it already checks for
 * observers).
 */
import { recordCreationSource, runInContextWith, type LoopContext } from "@aiots/loop";
import type { Task } from "../task.js";
import { observeTasks, type TaskObserver } from "../task-registry.js";

let holders = 0;
let stopObserving: (() => void) | undefined;

function recordTask(task: Task<unknown>): void {
  if (task.getLoop().getDebug()) recordCreationSource(task, recordTask);
}
const recorder: TaskObserver = { created: recordTask };

/**
 * Records the creation source of every task made on a debug loop until the returned
 * function is called (reference-counted: one observer for every holder).
 */
export function recordTaskSources(): () => void {
  if (holders++ === 0) stopObserving = observeTasks(recorder);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) {
      stopObserving?.();
      stopObserving = undefined;
    }
  };
}

// The directories whose frames are library code, not the user's: this package's own, and
// that of every library that tracked a resource (see trackResource).
const libraryRoots = new Set<string>();
let ownRootKnown = false;

/** `at fn (/a/b.ts:3:5)` or `at /a/b.ts:3:5` → `/a/b.ts:3:5` (a `file://` URL stays one). */
function frameLocation(frame: string): string | undefined {
  const match = /^\s*at (?:.*? \()?(.+?:\d+:\d+)\)?$/.exec(frame);
  return match?.[1];
}

/** The package directory of a source location: up to `src/` or `dist/`, else its folder. */
function rootOf(location: string): string {
  const path = location.replace(/:\d+:\d+$/, "");
  const match = /^(.*[\\/](?:src|dist)[\\/])/.exec(path);
  return match?.[1] ?? path.replace(/[^\\/]*$/, "");
}

/**
 * Adds the package of the stack's top frame (Node's own frames skipped) to the library code
 * skipped by {@link siteOf}.
 */
export function addLibraryOf(stack: string): void {
  for (const frame of stack.split("\n")) {
    const location = frameLocation(frame);
    if (location === undefined || location.startsWith("node:")) continue;
    libraryRoots.add(rootOf(location));
    return;
  }
}

/** The stack below the caller's frame (its first line is the caller's caller). */
function callerStack(): string {
  return (new Error().stack ?? "").split("\n").slice(2).join("\n");
}

// This package's frames, and the loop's (found below a callback the loop calls).
function addOwnRoots(): void {
  addLibraryOf(callerStack());
  const probe = runInContextWith(
    { loop: undefined, awaiter: undefined } as unknown as LoopContext,
    callerStack,
    undefined,
  );
  addLibraryOf(probe);
}

function isLibrary(location: string): boolean {
  if (!ownRootKnown) {
    ownRootKnown = true;
    addOwnRoots();
  }
  if (location.startsWith("node:") || location.includes("/node_modules/")) return true;
  for (const root of libraryRoots) if (location.startsWith(root)) return true;
  return false;
}

/**
 * The first frame of `stack` in the user's code (`/app/main.ts:12:5`): not in this package
 * nor in a library that tracked a resource, not Node's own, not under `node_modules`.
 * Falls back to the first frame with a location.
 */
export function siteOf(stack: string): string | undefined {
  let fallback: string | undefined;
  for (const frame of stack.split("\n")) {
    const location = frameLocation(frame);
    if (location === undefined) continue;
    fallback ??= location;
    if (!isLibrary(location)) return location;
  }
  return fallback;
}
