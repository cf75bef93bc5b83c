// What `Future.then()` returns (issue #13, per-await cost): on a pending future, a lazy
// thenable whose promise is made only when something chains on it, so that `await future`
// (V8 ignores what `then()` returns) allocates no promise of ours. It still behaves as a
// promise: chains before and after the settle, adoption of a returned thenable, and
// Node's unhandled-rejection report (checked in a fresh process against dist/, since
// vitest fails a run on an unhandled rejection).
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  EventLoop,
  runInContext,
  type Awaiter,
  type FutureThen,
  type LoopContext,
} from "../src/index.js";
import { virtualLoop, resourcesMadeBy } from "./helpers.js";

/** The `then` of a thenable a handler returns: it resolves with what it is given. */
type AdoptThen = (resolveIt: (value: number) => void) => void;

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

describe("Future.then() on a pending future", () => {
  it("makes no promise: what await passes (two functions) is all it keeps", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    let chained: FutureThen<void> | undefined;
    const made = resourcesMadeBy("PROMISE", () => {
      chained = fut.then(
        () => undefined,
        () => undefined,
      );
    });
    expect(made).toBe(0);
    expect(chained).not.toBeInstanceOf(Promise);
    // A done future still answers with a native promise.
    fut.setResult(1);
    expect(fut.then((value) => value)).toBeInstanceOf(Promise);
  });

  it("settles like a promise for a chain made before or after its handlers ran", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    const failing = loop.createFuture<number>();
    let lateRan = false;
    const before = fut.then((value) => value * 2);
    const beforeChain = before.then((value) => value + 1);
    const late = fut.then((value) => {
      lateRan = true;
      return value * 3;
    });
    const lateRejected = failing.then((value) => value); // no onrejected: passes it on
    const recovered = failing.then(undefined, (error: unknown) => (error as Error).message);
    loop.callLater(1, () => {
      fut.setResult(5);
      failing.setException(new RangeError("bad"));
    });
    const chainedLate = await loop.runUntilComplete(async () => {
      // Queued after the then()s above: they have run when this resumes, in the same loop
      // iteration (a rejection chained on here is handled before Node would report it).
      await fut;
      expect(lateRan).toBe(true);
      return [late.then((value) => value), lateRejected.then(undefined, (e: unknown) => e)];
    });
    expect(await beforeChain).toBe(11);
    expect(await before).toBe(10);
    expect(await chainedLate[0]).toBe(15);
    expect(await late).toBe(15);
    expect(await chainedLate[1]).toEqual(new RangeError("bad"));
    await expect(lateRejected).rejects.toThrow(RangeError);
    expect(await recovered).toBe("bad");
  });

  // A function may be a thenable too (`typeof` "function" with a `then`): a promise resolved
  // with either adopts it at once, even when nothing chains on the promise.
  it.each([
    ["an object", (then: AdoptThen) => ({ then })],
    ["a function", (then: AdoptThen) => Object.assign(() => undefined, { then })],
  ])(
    "adopts a thenable its handler returns (%s) even when nothing chains on it",
    async (_kind, make) => {
      loop = virtualLoop();
      const fut = loop.createFuture<number>();
      let adopted = false;
      const thenable = make((resolveIt) => {
        adopted = true;
        resolveIt(2);
      });
      const chained = fut.then(() => thenable as unknown as PromiseLike<number>);
      loop.callSoon(() => fut.setResult(1));
      await loop.runUntilComplete(async () => {
        await fut;
        await Promise.resolve(); // the adoption job runs in a microtask, as a promise's
      });
      expect(adopted).toBe(true);
      expect(await chained).toBe(2);
    },
  );

  it("keeps catch() and finally() native promises", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    const caught = fut.catch(() => 0);
    const finished = fut.finally(() => undefined);
    const chained = fut.then((value) => value).catch(() => 0);
    expect(caught).toBeInstanceOf(Promise);
    expect(finished).toBeInstanceOf(Promise);
    expect(chained).toBeInstanceOf(Promise);
    loop.callSoon(() => fut.setResult(4));
    await loop.runUntilComplete(fut);
    expect([await caught, await finished, await chained]).toEqual([4, 4, 4]);
  });
});

describe("Future.then() when its handlers run", () => {
  // A `then()` whose handler returns a primitive (what `await future` passes: V8's resolve
  // functions return undefined) makes no promise when the future settles either: the
  // promise is made only if something chains on it later. (issue #13: no promise per await.)
  it("makes no promise for a handler that returns a primitive (undefined, a number, null)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    const values: unknown[] = [undefined, 7, null, "s"];
    const chained = values.map((value) =>
      fut.then(
        () => value,
        () => undefined,
      ),
    );
    // The settle-now path (what @aiots/tasks' waiters use) runs the handlers synchronously:
    // nothing else of the process runs while the promises are counted.
    expect(resourcesMadeBy("PROMISE", () => fut._setResultNow(1))).toBe(0);
    // Chained afterwards, each still settles with its handler's value.
    expect(await Promise.all(chained.map((then) => then.then((value) => value)))).toEqual(values);
  });

  // Promise semantics: a throwing onrejected rejects the chained promise with what it threw
  // (`Promise.reject(a).then(undefined, () => { throw b })` rejects with b).
  it("rejects with what an onrejected handler threw", async () => {
    loop = virtualLoop();
    const failing = loop.createFuture<number>();
    const rethrown = failing.then(undefined, () => {
      throw new TypeError("from onrejected");
    });
    const caught = rethrown.then(
      () => "fulfilled",
      (error: unknown) => error,
    );
    loop.callSoon(() => failing.setException(new RangeError("bad")));
    await loop.runUntilComplete(async () => {
      await failing.catch(() => undefined);
    });
    expect(await caught).toEqual(new TypeError("from onrejected"));
    await expect(rethrown).rejects.toThrow(TypeError);
  });

  // Awaiter._onResume (a Task's hook): a cancellation requested after the future completed
  // but before the awaiting step resumed is raised at that very await instead of the
  // outcome, as asyncio's __step does (`t.cancel()` after the awaited future's result was
  // set: the await raises CancelledError, not the result).
  it("raises at the await the error the awaiter's _onResume returns, instead of the outcome", async () => {
    loop = virtualLoop();
    const resumes: Array<[boolean, unknown]> = [];
    const interrupt = new Error("cancelled after the future completed");
    const awaiter: Awaiter = {
      _onAwait: () => undefined,
      _onResume(fulfilled, value) {
        resumes.push([fulfilled, value]);
        return resumes.length === 1 ? interrupt : undefined;
      },
      toString: () => "<Task name='t'>",
    };
    const context: LoopContext = { loop, awaiter };
    const fut = loop.createFuture<number>();
    const seen: unknown[] = [];
    const done = loop.createFuture<void>();
    loop.callSoon(() =>
      runInContext(context, async () => {
        try {
          seen.push(["fulfilled", await fut]);
        } catch (error) {
          seen.push(["rejected", error]);
        }
        // The next await of the same future is not interrupted: its outcome arrives.
        seen.push(["fulfilled", await fut.then((value) => value)]);
        done.setResult();
      }),
    );
    loop.callLater(1, () => fut.setResult(5));
    await loop.runUntilComplete(done);
    expect(seen).toEqual([
      ["rejected", interrupt],
      ["fulfilled", 5],
    ]);
    expect(resumes[0]).toEqual([true, 5]);
  });
});

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `then()` rejections nobody handles in a fresh process; prints what Node reported. */
function unhandledReports(): string[] {
  const entry = `${packageDir}/dist/index.js`;
  const script = `
    const pkg = await import(${JSON.stringify(entry)});
    const reported = [];
    process.on("unhandledRejection", (reason) => reported.push(reason.message));
    const loop = new pkg.EventLoop();
    const fut = loop.createFuture();
    const failing = loop.createFuture();
    fut.then(() => { throw new Error("handler threw"); });
    failing.then((value) => value);
    fut.then(() => { throw new Error("caught"); }).catch(() => undefined);
    fut.then(() => 1);
    failing.then(undefined, () => 2);
    fut.then(() => Promise.reject(new Error("returned a rejected promise")));
    loop.callSoon(() => { fut.setResult(1); failing.setException(new Error("future failed")); });
    await loop.runUntilComplete(async () => { await fut; await failing.catch(() => undefined); });
    await new Promise((resolve) => setTimeout(resolve, 10));
    loop.close();
    console.log(JSON.stringify(reported.sort()));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  });
  return JSON.parse(out) as string[];
}

describe("Future.then() rejections nobody handles", () => {
  it("are reported by Node as a promise's would be (dist/, fresh process)", () => {
    expect(unhandledReports()).toEqual([
      "future failed",
      "handler threw",
      "returned a rejected promise",
    ]);
  });
});
