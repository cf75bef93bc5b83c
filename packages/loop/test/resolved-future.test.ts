// resolvedFuture: a done Future that `await` takes as a native promise.
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, Future, InvalidStateError, isFuture, resolvedFuture } from "../src/index.js";
import { virtualLoop } from "./helpers.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

describe("resolvedFuture", () => {
  it("is a done Future with its result", () => {
    loop = virtualLoop();
    const fut = resolvedFuture(loop, 42);
    expect(isFuture(fut)).toBe(true);
    expect(fut instanceof Future).toBe(true);
    expect(fut.done()).toBe(true);
    expect(fut.cancelled()).toBe(false);
    expect(fut.result()).toBe(42);
    expect(fut.exception()).toBeUndefined();
    expect(fut.cancel()).toBe(false);
    expect(fut.getLoop()).toBe(loop);
    expect(String(fut)).toBe("<Future finished result=42>");
    expect(() => fut.setResult(1)).toThrow(InvalidStateError);
    expect(() => fut.setException(new Error("x"))).toThrow(InvalidStateError);
    expect(fut.removeDoneCallback(() => {})).toBe(0);
  });

  it("keeps a thenable result as it is; await adopts it, as for any Future", async () => {
    loop = virtualLoop();
    const inner = Promise.resolve("inner");
    const fut = resolvedFuture(loop, inner);
    expect(fut.result()).toBe(inner);
    expect(await fut).toBe("inner");
  });

  it("runs done callbacks through the loop, never synchronously", async () => {
    loop = virtualLoop();
    const seen: string[] = [];
    const fut = resolvedFuture(loop, "v");
    await loop.runUntilComplete(async () => {
      fut.addDoneCallback((f) => seen.push(`cb:${String(f.result())}`));
      seen.push("after addDoneCallback");
      const gate = loop.createFuture<void>();
      loop.callSoon(() => gate.setResult());
      await gate;
    });
    expect(seen).toEqual(["after addDoneCallback", "cb:v"]);
  });

  it("await takes it as a native promise: it resumes in the next microtask, no thenable job", async () => {
    loop = virtualLoop();
    const order: string[] = [];
    const viaResolved = (async () => {
      await resolvedFuture(loop, 1);
      order.push("resolvedFuture");
    })();
    const viaNative = (async () => {
      await Promise.resolve(1);
      order.push("native");
    })();
    await Promise.all([viaResolved, viaNative]);
    expect(order).toEqual(["resolvedFuture", "native"]);
    // A Future settled with setResult goes through then(): it comes after a native await.
    const later: string[] = [];
    const settled = loop.createFuture<number>();
    settled.setResult(1);
    await Promise.all([
      (async () => {
        await settled;
        later.push("Future");
      })(),
      (async () => {
        await Promise.resolve(1);
        later.push("native");
      })(),
    ]);
    expect(later).toEqual(["native", "Future"]);
  });

  it("then() derives plain promises; Promise.resolve returns it as it is", async () => {
    loop = virtualLoop();
    const fut = resolvedFuture(loop, 2);
    const derived = fut.then((v) => v * 2);
    expect(Object.getPrototypeOf(derived)).toBe(Promise.prototype);
    expect(await derived).toBe(4);
    expect(Promise.resolve(fut)).toBe(fut);
  });
});
