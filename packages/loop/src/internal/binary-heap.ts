/**
 * The binary min-heap steps (Python's `heapq`, which asyncio's `_scheduled` uses) over a
 * plain array, ordered by `before(a, b)` ("a comes first"): the timer heap orders timers, the
 * timer lanes order lanes by their first timer.
 */

/** Adds `item`, moving it up past every parent it comes before: O(log n). */
export function heapPush<T>(heap: T[], item: T, before: (a: T, b: T) => boolean): void {
  let index = heap.length;
  heap.push(item);
  while (index > 0) {
    const parentIndex = (index - 1) >>> 1;
    const parent = heap[parentIndex] as T;
    if (!before(item, parent)) break;
    heap[index] = parent;
    index = parentIndex;
  }
  heap[index] = item;
}

/** Puts `item` at `start` and moves it down below every child that comes before it. */
export function heapSiftDown<T>(
  heap: T[],
  start: number,
  item: T,
  before: (a: T, b: T) => boolean,
): void {
  const length = heap.length;
  let index = start;
  for (;;) {
    let child = 2 * index + 1;
    if (child >= length) break;
    const right = child + 1;
    if (right < length && before(heap[right] as T, heap[child] as T)) child = right;
    const childItem = heap[child] as T;
    if (!before(childItem, item)) break;
    heap[index] = childItem;
    index = child;
  }
  heap[index] = item;
}

/** Orders an arbitrary array as a heap, in O(n). */
export function heapify<T>(heap: T[], before: (a: T, b: T) => boolean): void {
  for (let index = (heap.length >>> 1) - 1; index >= 0; index--) {
    heapSiftDown(heap, index, heap[index] as T, before);
  }
}
