/**
 * Responses belong to the task that made them: when that task ends, the responses it got
 * and did not finish with (body not fully received, not released) are released, so a
 * response nobody will read can not hold its connector slot and socket until the session
 * closes. The task's own result (a response it returns, or an array holding one) is kept.
 */
import type { Future } from "@aiots/loop";
import { currentTask } from "@aiots/tasks";
import type { ClientResponse } from "../client-response.js";

const owned = new WeakMap<Future<unknown>, Set<ClientResponse>>();

function keptAsResult(task: Future<unknown>, response: ClientResponse): boolean {
  if (task.cancelled() || task.exception() !== undefined) return false;
  const result = task.result();
  return result === response || (Array.isArray(result) && result.includes(response));
}

function releaseUnread(task: Future<unknown>): void {
  const responses = owned.get(task);
  owned.delete(task);
  if (responses === undefined) return;
  for (const response of responses) {
    if (!keptAsResult(task, response)) response._abandon();
  }
}

/** Ties `response` (its socket still in use) to the current task, if any. */
export function ownByCurrentTask(response: ClientResponse): void {
  const handler = response._handler;
  if (handler.socketDone) return;
  const task = currentTask();
  if (task === undefined || task.done()) return;
  let responses = owned.get(task);
  if (responses === undefined) {
    responses = new Set();
    owned.set(task, responses);
    task.addDoneCallback(releaseUnread);
  }
  const set = responses;
  set.add(response);
  handler.onDone = () => set.delete(response);
}
