import { readdirSync, readlinkSync } from "node:fs";

const FD_DIR = "/proc/self/fd";

/**
 * How many of this process' file descriptors are open on files under `dir`, read from
 * `/proc/self/fd` (Linux); `undefined` where there is no such directory.
 *
 * @example
 * ```ts
 * openHandlesUnder("/tmp/aiots-files-x1y2"); // 0 when no read is open
 * ```
 */
export function openHandlesUnder(dir: string): number | undefined {
  let fds: string[];
  try {
    fds = readdirSync(FD_DIR);
  } catch {
    return undefined;
  }
  let count = 0;
  for (const fd of fds) {
    try {
      if (readlinkSync(`${FD_DIR}/${fd}`).startsWith(dir)) count++;
    } catch {
      // Closed between the listing and the readlink (or the listing's own descriptor).
    }
  }
  return count;
}

/**
 * How many file-system requests of this process are in flight on libuv's thread pool
 * (`FSReqPromise`/`FSReqCallback` in `process.getActiveResourcesInfo()`): the portable
 * counterpart of {@link openHandlesUnder}, for the whole process.
 *
 * @example
 * ```ts
 * fsRequestsInFlight(); // 0 when every read has settled
 * ```
 */
export function fsRequestsInFlight(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith("FSReq")).length;
}
