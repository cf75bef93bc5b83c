export { RealClock, VirtualClock, type Clock, type VirtualClockOptions } from "./clocks.js";
export {
  currentContext,
  getRunningLoop,
  getRunningLoopOrUndefined,
  runInContext,
  type Awaiter,
  type LoopContext,
} from "./context.js";
export {
  brandErrorClass,
  CancelledError,
  InvalidStateError,
  RuntimeError,
  TimeoutError,
} from "./errors.js";
export { EventLoop } from "./event-loop.js";
export type {
  EventLoopOptions,
  ExceptionContext,
  ExceptionHandler,
  ExecutorCall,
  Logger,
} from "./event-loop-options.js";
export {
  WorkerPoolExecutor,
  type Executor,
  type ExecutorJob,
  type WorkerPoolExecutorOptions,
} from "./executor.js";
export { Future, isFuture, type FutureOptions } from "./future.js";
export { Handle, TimerHandle } from "./handles.js";
