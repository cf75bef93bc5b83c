// The session's requests in flight are kept in a LiveList (internal/live-list.ts), not a
// Set: a Set's dropped tables kept finished requests alive through young collections (the
// 1 KiB benchmark's heap grew ~3.5 MB a scavenge until a mark-compact). The list must
// still hold exactly what was added and not removed, in any order of removal.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LiveList, type Listed } from "../src/internal/live-list.js";

interface Item extends Listed {
  readonly id: number;
}

const item = (id: number): Item => ({ id, listIndex: -1 });

describe("LiveList", () => {
  it("holds what was added and not deleted, whatever the order of deletions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.nat(30)), { maxLength: 200 }),
        (operations) => {
          const list = new LiveList<Item>();
          const items = Array.from({ length: 31 }, (_, id) => item(id));
          const model = new Set<Item>();
          for (const [add, id] of operations) {
            const target = items[id]!;
            if (add && !model.has(target)) {
              list.add(target);
              model.add(target);
            } else if (!add) {
              list.delete(target);
              model.delete(target);
            }
            expect(list.size).toBe(model.size);
          }
          const taken = list.takeAll();
          expect(new Set(taken)).toEqual(model);
          expect(taken.every((entry) => entry.listIndex === -1)).toBe(true);
          expect(list.size).toBe(0);
        },
      ),
      { verbose: true },
    );
  });

  it("ignores the deletion of an item it does not hold (one taken or in another list)", () => {
    const list = new LiveList<Item>();
    const other = new LiveList<Item>();
    const [a, b, c] = [item(1), item(2), item(3)];
    list.add(a);
    other.add(b); // b.listIndex 0, as a's
    list.delete(b);
    expect(list.takeAll()).toEqual([a]);
    list.delete(a); // taken: no longer in the list
    list.add(c);
    expect(list.size).toBe(1);
  });
});
