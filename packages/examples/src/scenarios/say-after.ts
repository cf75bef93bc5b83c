import { coroutine, sleep } from "@aiots/tasks";

/**
 * The article's `say_after(delay, text)`: sleeps, then prints. A lazy coroutine, as in
 * Python: `sayAfter(1000, "Hello")` runs nothing until it is awaited or made a task.
 *
 * @example
 * ```ts
 * const sayAfter = makeSayAfter(console.log);
 * await sayAfter(1000, "Hello");
 * ```
 */
export function makeSayAfter(print: (line: string) => void) {
  return coroutine(async function sayAfter(delay: number, text: string): Promise<void> {
    await sleep(delay);
    print(text);
  });
}
