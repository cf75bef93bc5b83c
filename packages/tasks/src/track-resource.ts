/**
 * `trackResource`: the hook through which a library (e.g. `@aiots/http` for its responses)
 * tells debug mode about a resource the current task opened, so that the leftovers report
 * of `run()` and `taskGroup()` can list the ones nobody closed (asyncio's unclosed-resource
 * `ResourceWarning`). The library depends on this package, never the other way round.
 */
import {
  creationSourceOf,
  currentContext,
  recordCreationSource,
  type AbstractEventLoop,
} from "@aiots/loop";
import { addLibraryOf } from "./internal/creation-sites.js";
import { expected } from "@aiots/loop/internal";

/**
 * A resource a library registers with {@link trackResource}.
 *
 * @example
 * ```ts
 * const tracked: TrackedResource = {
 *   kind: "connection",
 *   isOpen: () => !socket.destroyed,
 *   toString: () => `<Connection ${socket.remoteAddress}>`,
 * };
 * ```
 */
export interface TrackedResource {
  /** What it is, one word for the report: `"response"`, `"connection"`, `"file"`. */
  readonly kind: string;
  /**
   * Whether it is still open: neither used up nor closed by its user. Asked when a report
   * is made (the end of `run()` or of a task group), not before; must not throw.
   */
  isOpen(): boolean;
  /** How the report shows it (asyncio's repr), e.g. `<ClientResponse(url) [200 OK]>`. */
  toString(): string;
}

// Resources tracked on each loop, until a report finds them closed.
const trackedByLoop = new WeakMap<AbstractEventLoop, Set<TrackedResource>>();
// Past this many, closed resources are dropped on the next registration (and the bar moves).
const PRUNE_AT = 256;

/**
 * Debug mode only: registers `resource`, opened by the code running now, so that the
 * leftovers report of `run()` and of the enclosing `taskGroup()` lists it if it is still
 * open (`isOpen()`) once the task that opened it has ended. Records where it was opened:
 * call it synchronously from the function the user called (before any `await`), so that
 * the stack leads to the user's line. The frames of the calling library's package are
 * skipped when the report names that line. Returns whether it was tracked: `false` (and
 * nothing recorded) when no loop runs or the running loop is not in debug mode.
 *
 * @example
 * ```ts
 * function openConnection(host: string): Connection {
 *   const connection = new Connection(host);
 *   trackResource({
 *     kind: "connection",
 *     isOpen: () => !connection.closed,
 *     toString: () => `<Connection ${host}>`,
 *   });
 *   return connection;
 * }
 * ```
 */
export function trackResource(resource: TrackedResource): boolean {
  const loop = currentContext()?.loop;
  if (loop === undefined || !loop.getDebug()) return false;
  if (typeof resource !== "object" || resource === null || typeof resource.isOpen !== "function") {
    throw new TypeError(expected("resource", "an object with an isOpen() method", resource));
  }
  recordCreationSource(resource, trackResource);
  addLibraryOf(creationSourceOf(resource)!.stack);
  let tracked = trackedByLoop.get(loop);
  if (tracked === undefined) trackedByLoop.set(loop, (tracked = new Set()));
  if (tracked.size >= PRUNE_AT && (tracked.size & (PRUNE_AT - 1)) === 0) {
    for (const other of tracked) if (!isOpen(other)) tracked.delete(other);
  }
  tracked.add(resource);
  return true;
}

/** `resource.isOpen()`, a throwing one counting as closed. */
function isOpen(resource: TrackedResource): boolean {
  try {
    return resource.isOpen();
  } catch {
    return false;
  }
}

/** @internal The resources tracked on `loop` that are still open, oldest first. */
export function openResources(loop: AbstractEventLoop): TrackedResource[] {
  const tracked = trackedByLoop.get(loop);
  if (tracked === undefined) return [];
  const open: TrackedResource[] = [];
  for (const resource of tracked) {
    if (isOpen(resource)) open.push(resource);
    else tracked.delete(resource);
  }
  return open;
}
