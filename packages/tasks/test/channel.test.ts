// Channels follow trio's memory channels (trio/_channel.py; trio/_tests/test_channel.py).
import { describe, expect, it } from "vitest";
import {
  BrokenResourceError,
  CancelledError,
  ClosedResourceError,
  EndOfChannel,
  WouldBlock,
  createTask,
  gather,
  isFuture,
  openChannel,
  sleep,
  taskGroup,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("openChannel", () => {
  // Issue #9's rule for every library wait: a value handed over is never lost to a
  // cancellation that lands in the same loop step (trio: a completed receive stays done).
  it("a value handed to a blocked receiver stays received when its task is cancelled in the same step", async () => {
    const outcome = await runVirtual(async () => {
      const [tx, rx] = openChannel<string>(0);
      const receiver = createTask(async () => {
        const value = await rx.receive();
        try {
          await sleep(10);
        } catch (error) {
          return { value, cancelled: error instanceof CancelledError };
        }
        return { value, cancelled: false };
      });
      await sleep(0); // the receiver blocks
      tx.sendNowait("item");
      receiver.cancel();
      return await receiver;
    });
    expect(outcome).toEqual({ value: "item", cancelled: true });
  });

  // test_channel: basic send/receive through the buffer
  it("passes values FIFO through the buffer; send waits while it is full", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(2);
      const sendTimes: number[] = [];
      const producer = createTask(async () => {
        for (let i = 0; i < 4; i++) {
          await tx.send(i);
          sendTimes.push(now());
        }
        tx.close();
      });
      await sleep(100);
      const got: number[] = [];
      for await (const value of rx) {
        got.push(value);
        await sleep(10);
      }
      await producer;
      expect(got).toEqual([0, 1, 2, 3]);
      // Two fit in the buffer at once; the third waits for the first receive (at 100 ms).
      expect(sendTimes).toEqual([0, 0, 100, 110]);
    });
  });

  // test_channel_multiple_producers / consumers, clone()
  it("for await ends only when every cloned send end is closed (fan-in)", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<string>(0);
      const got: string[] = [];
      await taskGroup(async (tg) => {
        for (const name of ["a", "b", "c"]) {
          const mine = tx.clone();
          tg.createTask(async () => {
            using _sender = mine;
            await sleep(name === "b" ? 20 : 10);
            await mine.send(name);
          });
        }
        tx.close();
        for await (const value of rx) got.push(value);
      });
      expect(got.sort()).toEqual(["a", "b", "c"]);
    });
  });

  it("each value goes to one receive clone (fan-out)", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(Infinity);
      for (let i = 0; i < 6; i++) tx.sendNowait(i);
      tx.close();
      const seen: number[][] = [[], []];
      await gather(
        ...[0, 1].map((w) =>
          createTask(async () => {
            const mine = rx.clone();
            for await (const value of mine) {
              seen[w]!.push(value);
              await sleep(1);
            }
          }),
        ),
      );
      expect([...seen[0]!, ...seen[1]!].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(seen[0]!.length).toBe(3);
    });
  });

  // capacity 0: a rendezvous (trio: test_unbuffered)
  it("with capacity 0 a send completes only when a receiver takes the value", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(0);
      const sent = tx.send(1);
      await sleep(50);
      expect(sent.done()).toBe(false);
      expect(tx.statistics().tasksWaitingSend).toBe(1);
      expect(await rx.receive()).toBe(1);
      await sent;
      expect(now()).toBe(50);
      expect(() => tx.sendNowait(2)).toThrow(WouldBlock);
    });
  });

  it("send and receive are Futures; cancelling a blocked one withdraws it", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(0);
      const receiving = rx.receive();
      expect(isFuture(receiving)).toBe(true);
      receiving.cancel();
      expect(rx.statistics().tasksWaitingReceive).toBe(0);
      // A cancelled send is not delivered.
      const sender = createTask(() => tx.send(1));
      await sleep(10);
      sender.cancel();
      await expect(sender).rejects.toThrow(CancelledError);
      expect(() => rx.receiveNowait()).toThrow(WouldBlock);
      expect(tx.statistics().tasksWaitingSend).toBe(0);
    });
  });

  it("a task cancelled before send sends nothing, even with room (trio checkpoint_if_cancelled)", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(5);
      const task = createTask(async () => {
        await tx.send(1);
      });
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(rx.statistics().currentBufferUsed).toBe(0);
    });
  });

  it("sending on a closed end rejects with ClosedResourceError; on a channel with no receivers, BrokenResourceError", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(1);
      const other = tx.clone();
      tx.close();
      await expect(tx.send(1)).rejects.toThrow(
        new ClosedResourceError("send on a closed channel end"),
      );
      expect(() => tx.sendNowait(1)).toThrow(ClosedResourceError);
      expect(() => tx.clone()).toThrow(ClosedResourceError);
      rx.close();
      await expect(other.send(1)).rejects.toThrow(BrokenResourceError);
      await expect(rx.receive()).rejects.toThrow(ClosedResourceError);
    });
  });

  it("closing the last send end wakes waiting receivers with EndOfChannel after the buffer drains", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(3);
      tx.sendNowait(7);
      tx.close();
      expect(await rx.receive()).toBe(7);
      await expect(rx.receive()).rejects.toThrow(EndOfChannel);
      const [tx2, rx2] = openChannel<number>(3);
      const waiting = createTask(() => rx2.receive());
      await sleep(10);
      tx2.close();
      await expect(waiting).rejects.toThrow(EndOfChannel);
    });
  });

  it("closing the last receive end fails blocked senders with BrokenResourceError and drops the buffer", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(1);
      tx.sendNowait(1);
      const blocked = createTask(() => tx.send(2));
      await sleep(10);
      rx.close();
      await expect(blocked).rejects.toThrow(BrokenResourceError);
      expect(tx.statistics().currentBufferUsed).toBe(0);
    });
  });

  it("closing one end fails only the operations blocked on that end, with ClosedResourceError", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(0);
      const rx2 = rx.clone();
      const onFirst = createTask(() => rx.receive());
      const onSecond = createTask(() => rx2.receive());
      await sleep(10);
      rx.close();
      await expect(onFirst).rejects.toThrow(ClosedResourceError);
      tx.sendNowait(5);
      expect(await onSecond).toBe(5);
    });
  });

  it("a blocked sender's value keeps its FIFO place behind the buffer", async () => {
    await runVirtual(async () => {
      const [tx, rx] = openChannel<number>(1);
      tx.sendNowait(1);
      const blocked = createTask(() => tx.send(2));
      await sleep(1);
      expect(rx.receiveNowait()).toBe(1);
      await blocked;
      expect(rx.receiveNowait()).toBe(2);
    });
  });

  it("rejects a bad capacity naming it", () => {
    expect(() => openChannel(-1)).toThrow(
      new RangeError("Expected `capacity` to be an integer >= 0 or Infinity, got `-1` (number)"),
    );
    expect(() => openChannel(1.5)).toThrow(RangeError);
    expect(() => openChannel(NaN)).toThrow(RangeError);
    expect(() => openChannel("1" as never)).toThrow(TypeError);
  });
});
