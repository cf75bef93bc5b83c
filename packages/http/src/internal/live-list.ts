/**
 * The items in flight of one owner (a session's requests): added and removed once each, in
 * any order, and all taken at once when the owner closes.
 *
 * Not a `Set`: a Set that many short-lived objects pass through rehashes its table every so
 * often, and a dropped table that reached the old generation still points at the objects
 * that were in it when it was dropped. Until the next full collection those pointers keep
 * them (with everything they hold: a request's handler, its body, its buffers) alive
 * through every young collection, so they are copied and then promoted: with one Set of a
 * session's live requests, ~3.5 MB survived each scavenge of the 1 KiB benchmark, and the
 * heap grew until a mark-compact. This is an array with swap-removal instead: each item
 * knows its index, a removed slot is overwritten or popped at once, and the array keeps
 * its capacity, so nothing dead is pointed at.
 */

/** An item of a {@link LiveList}: its index there, -1 when in none. */
export interface Listed {
  listIndex: number;
}

/** A list of live items with O(1) add and remove (order not kept). */
export class LiveList<T extends Listed> {
  #items: T[] = [];

  /** How many items are in the list. */
  get size(): number {
    return this.#items.length;
  }

  /** Adds `item` (not in a list yet). */
  add(item: T): void {
    item.listIndex = this.#items.length;
    this.#items.push(item);
  }

  /** Removes `item`, if it is in this list. */
  delete(item: T): void {
    const items = this.#items;
    const index = item.listIndex;
    if (index < 0 || items[index] !== item) return;
    item.listIndex = -1;
    const last = items.pop()!;
    if (last !== item) {
      items[index] = last;
      last.listIndex = index;
    }
  }

  /** Empties the list and returns what was in it. */
  takeAll(): T[] {
    const items = this.#items;
    this.#items = [];
    for (const item of items) item.listIndex = -1;
    return items;
  }
}
