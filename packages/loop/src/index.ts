export { RealClock, VirtualClock, type VirtualClockOptions } from "./clocks.js";
export {
  creationSourceOf,
  lastCreationSerial,
  recordCreationSource,
  type CreationSource,
} from "./creation-sources.js";
export { currentContext, enterContext, runInContext, runInContextWith } from "./context.js";
export {
  brandErrorClass,
  CancelledError,
  InvalidStateError,
  RuntimeError,
  TimeoutError,
} from "./errors.js";
export { EventLoop, getRunningLoop, getRunningLoopOrUndefined } from "./event-loop.js";
export {
  WorkerPoolExecutor,
  type Executor,
  type ExecutorJob,
  type WorkerPoolExecutorOptions,
} from "./executor.js";
export { Future, isFuture, type FutureOptions, type FutureThen } from "./future.js";
export { copyOutcome, fulfilledOutcome, outcomeOf } from "./outcome.js";
export { resolvedFuture } from "./resolved-future.js";
export { Handle, TimerHandle } from "./handles.js";
export {
  markRunnable,
  type AbstractEventLoop,
  type Awaiter,
  type Clock,
  type EventLoopOptions,
  type ExceptionContext,
  type ExceptionHandler,
  type ExecutorCall,
  type FutureLike,
  type HandleLike,
  type Logger,
  type LoopContext,
  type Runnable,
} from "./types.js";
