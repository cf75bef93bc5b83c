// asyncio shows long strings in reprs through `reprlib` (cut to 37 characters and `...`
// past 40): a Handle's arguments and a Future's result are cut the same way.
import { afterEach, describe, expect, it } from "vitest";
import type { EventLoop } from "../src/index.js";
import { virtualLoop } from "./helpers.js";

let loop: EventLoop;
afterEach(() => loop.close());

const long = "x".repeat(41);
const cut = `"${"x".repeat(37)}..."`;

describe("short reprs of long strings", () => {
  it("cuts a Handle's string argument past 40 characters", () => {
    loop = virtualLoop();
    function tick(..._args: unknown[]): void {}
    expect(String(loop.callSoon(tick, long))).toBe(`<Handle tick(${cut})>`);
    expect(String(loop.callSoon(tick, long.slice(1)))).toBe(`<Handle tick("${"x".repeat(40)}")>`);
  });

  it("cuts a Future's string result the same way", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<string>();
    fut.setResult(long);
    expect(String(fut)).toBe(`<Future finished result=${cut}>`);
  });
});
