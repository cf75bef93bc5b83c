export { run, Runner, type MainTarget, type RunOptions } from "./run.js";
export { coroutine, Coroutine, isCoroutine } from "./coroutine.js";
export {
  createTask,
  eagerTaskFactory,
  getTaskFactory,
  setTaskFactory,
  type TaskFactory,
} from "./create-task.js";
export { Task, currentTask, isTask } from "./task.js";
export type { TaskOptions, TaskTarget } from "./task-options.js";
export { allTasks, observeTasks, type TaskObserver } from "./task-registry.js";
export { sleep, checkpoint } from "./sleep.js";
export {
  gather,
  GatheringFuture,
  type GatherOptions,
  type GatherResult,
  type GatherSettledResult,
} from "./gather.js";
export {
  wait,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  type ReturnWhen,
  type WaitOptions,
  type WaitResult,
} from "./wait.js";
export { waitFor } from "./wait-for.js";
export { timeout, timeoutAt, Timeout } from "./timeout.js";
export { asCompleted, AsCompletedIterator, type AsCompletedOptions } from "./as-completed.js";
export { shield } from "./shield.js";
export { TaskGroup, taskGroup, type TaskGroupOptions } from "./task-group.js";
export { toThread, type ThreadJob } from "./to-thread.js";
export { Lock } from "./lock.js";
export { Event } from "./event.js";
export { Condition } from "./condition.js";
export { Semaphore, BoundedSemaphore } from "./semaphore.js";
export { Barrier } from "./barrier.js";
export { Releaser } from "./releaser.js";
export { Queue } from "./queue.js";
export { PriorityQueue, type PriorityQueueOptions } from "./priority-queue.js";
export { LifoQueue } from "./lifo-queue.js";
export {
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  BrokenBarrierError,
  EndOfChannel,
  ClosedResourceError,
  BrokenResourceError,
  WouldBlock,
  ExceptionGroup,
  KeyboardInterrupt,
} from "./errors.js";
export { formatTaskTree } from "./task-tree.js";
export {
  LeftoversReport,
  type LeftoverOrigin,
  type LeftoverResource,
  type LeftoverTask,
  type LeftoverTimer,
} from "./leftovers-report.js";
export { trackResource, type TrackedResource } from "./track-resource.js";
export {
  CancelledError,
  InvalidStateError,
  TimeoutError,
  RuntimeError,
  Future,
  isFuture,
  getRunningLoop,
  EventLoop,
  VirtualClock,
  RealClock,
  type Clock,
} from "@aiots/loop";
export { map, forEach, MapFuture, type MapOptions, type MapSource } from "./map.js";
export { RateLimiter, type RateLimiterOptions } from "./rate-limiter.js";
export { openChannel } from "./channel.js";
export { SendChannel } from "./send-channel.js";
export { ReceiveChannel } from "./receive-channel.js";
export type { ChannelStatistics } from "./channel-state.js";
export { moveOnAfter, moveOnAt, type MoveOnResult } from "./move-on.js";
