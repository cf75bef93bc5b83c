/**
 * `openChannel`: trio's memory channels (`trio/_channel.py`, `open_memory_channel`): a
 * buffer of `capacity` values between send ends and receive ends, each end closable and
 * clonable on its own.
 */
import { ChannelState } from "./channel-state.js";
import { ReceiveChannel } from "./receive-channel.js";
import { SendChannel } from "./send-channel.js";
import { assertSize } from "@aiots/loop/internal";

/**
 * Opens a channel with room for `capacity` values (trio's `open_memory_channel`):
 * returns its first send end and receive end. `capacity` is an integer >= 0 or
 * `Infinity`; with 0 every send waits for a receiver (a rendezvous).
 * TypeError/RangeError for any other `capacity`.
 *
 * @example
 * ```ts
 * const [tx, rx] = openChannel<number>(10);
 * await taskGroup(async (tg) => {
 *   tg.createTask(async () => {
 *     using _tx = tx;
 *     for (let i = 0; i < 3; i++) await tx.send(i);
 *   });
 *   for await (const value of rx) console.log(value); // 0 1 2
 * });
 * ```
 */
export function openChannel<T>(capacity: number): [SendChannel<T>, ReceiveChannel<T>] {
  assertSize("capacity", capacity);
  const state = new ChannelState<T>(capacity);
  return [new SendChannel(state), new ReceiveChannel(state)];
}
