// The `_orderBatch` hook of the ready queue (used by @aiots/tasks/testing's explore()):
// called once per batch with the batch's bounds; may reorder the batch, nothing else.
import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock } from "../src/index.js";
import { ReadyQueue } from "../src/internal/ready-queue.js";
import type { Runnable } from "../src/types.js";

function item(log: number[], id: number): Runnable {
  return { _resumes: undefined, _run: () => void log.push(id) };
}

describe("ReadyQueue orderBatch hook", () => {
  it("sees each batch of two or more items and may reorder it in place", () => {
    const log: number[] = [];
    const seen: [number, number][] = [];
    const queue = new ReadyQueue((items, start, end) => {
      seen.push([start, end]);
      items.splice(start, end - start, ...items.slice(start, end).reverse());
    });
    for (let i = 0; i < 3; i++) queue.push(item(log, i));
    expect(queue.beginBatch()).toBe(true);
    queue.push(item(log, 99)); // queued during the batch: waits for the next one
    queue.run(undefined, { current: undefined });
    expect(log).toEqual([2, 1, 0]);
    expect(queue.beginBatch()).toBe(true);
    queue.run(undefined, { current: undefined });
    expect(log).toEqual([2, 1, 0, 99]);
    expect(seen).toEqual([[0, 3]]); // a batch of one is not offered
  });

  it("EventLoop passes _orderBatch on, and rejects a non-function", async () => {
    const order: string[] = [];
    const loop = new EventLoop({
      clock: new VirtualClock(),
      _orderBatch: (items, start, end) => {
        items.splice(start, end - start, ...items.slice(start, end).reverse());
      },
    });
    await loop.runUntilComplete(
      new Promise<void>((resolve) => {
        loop.callSoon(() => order.push("a"));
        loop.callSoon(() => order.push("b"));
        loop.callSoon(() => {
          order.push("c");
          resolve();
        });
      }),
    );
    loop.close();
    expect(order).toEqual(["c", "b", "a"]);
    expect(() => new EventLoop({ _orderBatch: 1 as never })).toThrow(TypeError);
  });
});
