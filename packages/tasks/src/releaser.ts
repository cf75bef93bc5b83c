/**
 * The handle `acquireScoped()` returns for `using` / `await using`.
 */

/**
 * A held lock or permit, released exactly once: by `release()`, or at the end of a
 * `using` / `await using` block (every exit path: return, throw, cancellation).
 *
 * @example
 * ```ts
 * {
 *   await using _held = await lock.acquireScoped();
 *   await writeFile(path, data);
 * } // released here, even if writeFile threw or the task was cancelled
 * ```
 */
export class Releaser implements Disposable, AsyncDisposable {
  #release: (() => void) | undefined;

  /** @internal Made by `acquireScoped()`. */
  constructor(release: () => void) {
    this.#release = release;
  }

  /**
   * Whether it was released already.
   *
   * @example
   * ```ts
   * held.released(); // false until release()
   * ```
   */
  released(): boolean {
    return this.#release === undefined;
  }

  /**
   * Releases the lock or permit; later calls do nothing.
   *
   * @example
   * ```ts
   * const held = await sem.acquireScoped();
   * held.release();
   * ```
   */
  release(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  /** `using` support: releases. */
  [Symbol.dispose](): void {
    this.release();
  }

  /** `await using` support: releases. */
  [Symbol.asyncDispose](): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}
