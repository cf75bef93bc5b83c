/**
 * The scoped forms shared by the lock-like primitives (asyncio's `_ContextManagerMixin`):
 * run a function holding the lock or permit, or hand out a `Releaser` for `await using`.
 */
import { Releaser } from "../releaser.js";
import { awaitValue } from "./waiter-queue.js";
import { assertFunction } from "./validate.js";

interface Acquirable {
  acquire(): Promise<unknown>;
  release(): void;
}

/** Acquires `lock`, runs `fn`, and releases on every exit path. */
export async function withAcquired<R>(lock: Acquirable, fn: () => R | PromiseLike<R>): Promise<R> {
  assertFunction("fn", fn);
  await lock.acquire();
  try {
    return await awaitValue(fn());
  } finally {
    lock.release();
  }
}

/** Acquires `lock` and returns the `Releaser` that gives it back exactly once. */
export async function acquireScoped(lock: Acquirable): Promise<Releaser> {
  await lock.acquire();
  return new Releaser(() => lock.release());
}
