// Where Node keeps async context in frames (AsyncContextFrame: Node 24 by default), the
// loop re-enters a captured frame by reference instead of `AsyncLocalStorage.run`, which
// copies every store per call (issue #13: ~0.7 KB of garbage per resumed await on Node 24).
// What a user sees: a `then()` handler on a pending Future runs with the stores current at
// `then()`, as a native promise's would; `await` keeps its context on every Node.
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { currentContext, runInContext, type Future, type LoopContext } from "../src/index.js";
import { contextIsFramed } from "../src/internal/context-capture.js";
import { resourcesMadeBy, trackLoops, virtualLoop } from "./helpers.js";

const track = trackLoops();

const nodeMajor = Number(process.versions.node.split(".")[0]);

describe("context capture", () => {
  it("finds frames on Node 24 and later (AsyncContextFrame is the default there), not on Node 20 or 22 without the flag", () => {
    const flag = "--experimental-async-context-frame";
    const flagged = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) =>
      arg.includes(flag),
    );
    expect(contextIsFramed).toBe(nodeMajor >= 24 || flagged);
  });

  it("shows async_hooks one resource of type aiots.context per pending then() where it captures (Node 24), none elsewhere", () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    const context: LoopContext = { loop, awaiter: { _onAwait: () => undefined } };
    const made = resourcesMadeBy("aiots.context", () =>
      runInContext(context, () => void fut.then(() => undefined)),
    );
    expect(made).toBe(contextIsFramed ? 1 : 0);
  });

  it.runIf(contextIsFramed)(
    "runs a then() handler with the AsyncLocalStorage stores current at then() (Node 24)",
    async () => {
      const seen = await logAfterSettle((als, fut, context, log) =>
        als.run("then-time", () => {
          void fut.then((value) => {
            log.push(value, als.getStore(), currentContext() === context);
          });
        }),
      );
      expect(seen).toEqual([7, "then-time", true]);
    },
  );

  it("resumes an await with the stores of the awaiting code, and the loop's callbacks in the loop's context", async () => {
    const seen = await logAfterSettle((als, fut, context, log) =>
      als.run("awaiting", async () => {
        const value = await fut;
        log.push(value, als.getStore(), currentContext() === context);
        // A callback queued from inside the step runs in the loop's context, not the step's.
        fut.getLoop().callSoon(() => log.push(currentContext()?.awaiter === undefined));
      }),
    );
    expect(seen).toEqual([7, "awaiting", true, true]);
  });
});

/**
 * Runs `code` in a task's context (an awaiter) on a fresh loop, settles `fut` with 7 one
 * millisecond later from a callback running under another store ("settler"), and returns
 * what `code` logged by then.
 */
async function logAfterSettle(
  code: (
    als: AsyncLocalStorage<string>,
    fut: Future<number>,
    context: LoopContext,
    log: unknown[],
  ) => unknown,
): Promise<unknown[]> {
  const loop = track(virtualLoop());
  const als = new AsyncLocalStorage<string>();
  const context: LoopContext = { loop, awaiter: { _onAwait: () => undefined } };
  const fut = loop.createFuture<number>();
  const log: unknown[] = [];
  loop.callSoon(() => runInContext(context, () => code(als, fut, context, log)));
  loop.callLater(1, () => als.run("settler", () => fut.setResult(7)));
  const done = loop.createFuture<void>();
  loop.callLater(5, () => done.setResult());
  await loop.runUntilComplete(done);
  return log;
}
