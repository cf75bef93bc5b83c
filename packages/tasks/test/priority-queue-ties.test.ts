// PriorityQueue ties come out in exactly the order asyncio's PriorityQueue (heapq) gives.
// Expected values printed by CPython 3.13 for the same pushes and pops (items compared on
// their priority only, as a class with `__lt__` on `p`).
import { describe, expect, it } from "vitest";
import { PriorityQueue } from "../src/index.js";
import { runVirtual } from "./helpers.js";

interface Item {
  p: number;
  n: string;
}

describe("PriorityQueue tie order (heapq)", () => {
  it("pops equal priorities in heapq's order, pops interleaved with pushes", async () => {
    const out = await runVirtual(() => {
      const queue = new PriorityQueue<Item>(0, { compare: (a, b) => a.p - b.p });
      const out: string[] = [];
      for (let index = 0; index < 24; index++) {
        const p = (index * 7 + 3) % 4;
        queue.putNowait({ p, n: `${p}:${index}` });
        if (index % 5 === 4) out.push(queue.getNowait().n);
      }
      while (!queue.empty()) out.push(queue.getNowait().n);
      return out;
    });
    expect(out.join(" ")).toBe(
      "0:3 0:7 0:11 0:15 0:19 0:23 1:6 1:14 1:10 1:2 1:22 1:18 2:17 2:21 2:9 2:1 2:13 2:5 3:16 3:0 3:4 3:8 3:12 3:20",
    );
  });
});
