/**
 * What a virtual clock asks Node before it jumps: is the process itself still doing real I/O
 * that will finish on its own? libuv lists such work as *requests* (a DNS lookup, a TCP
 * connect, a file-system call, a handle being closed) beside the long-lived *handles*
 * (servers, idle sockets, timers) that say nothing about progress.
 *
 * Writes (`WriteWrap`, `ShutdownWrap`) are left out on purpose: a write stays pending for
 * as long as its peer does not read, and an in-process peer may be waiting for the very
 * timer the clock is about to jump to.
 */

/** libuv requests that complete without anyone else's help. */
const SELF_COMPLETING_REQUEST =
  /^(?:GetAddrInfoReqWrap|GetNameInfoReqWrap|QueryReqWrap|\w*ConnectWrap|FSReqCallback|FSReqPromise|FileHandleCloseReq|CloseReq)$/;

/** Whether the process has I/O in flight that finishes by itself (see above). */
export function hostRequestsInFlight(): boolean {
  for (const resource of process.getActiveResourcesInfo()) {
    if (SELF_COMPLETING_REQUEST.test(resource)) return true;
  }
  return false;
}
