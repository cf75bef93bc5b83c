import { ClientSession, type ClientWebSocket } from "@aiots/http";
import { sleep, taskGroup } from "@aiots/tasks";
import type { Scenario } from "../scenario.js";
import { startChatServer } from "../streaming/chat-server.js";

/**
 * Two WebSocket clients, alice and bob, chatting through an embedded chat room (the `ws`
 * package's server), each a task of one `taskGroup` over one `ClientSession`: `wsConnect`,
 * `send`, `receiveStr` and `close`, every wait a cancellation point; the pauses are loop
 * time, so the conversation takes 400 ms on either clock.
 *
 * ```python
 * async with session.ws_connect(url) as ws:
 *     await ws.send_str("hi bob")
 *     print(await ws.receive_str())
 * ```
 */
export const websocketChat: Scenario = {
  name: "websocket-chat",
  summary: "two WebSocket clients chatting through an embedded server, in one taskGroup",
  // Messages cross loopback between the loop's timers: let them land before a jump.
  autojumpThresholdMs: 100,
  async main({ print, now }) {
    const server = await startChatServer();
    const session = new ClientSession({ timeout: { total: 5000, sockConnect: 0 } });
    const heard = async (ws: ClientWebSocket, who: string): Promise<void> => {
      const text = await ws.receiveStr();
      print(`${String(Math.round(now())).padStart(4)} ms  ${who.padEnd(5)} <- ${text}`);
    };
    try {
      const alice = await session.wsConnect(server.urlFor("alice"));
      const bob = await session.wsConnect(server.urlFor("bob"));
      await heard(alice, "alice"); // * bob joined
      await taskGroup(async (tg) => {
        tg.createTask(
          async () => {
            await sleep(100);
            await alice.send("hi bob!");
            await heard(alice, "alice");
            await sleep(100);
            await alice.send("cancellable, of course. bye!");
            await alice.close();
          },
          { name: "alice" },
        );
        tg.createTask(
          async () => {
            await heard(bob, "bob");
            await sleep(200); // typing...
            await bob.send("hi alice, can a receive() be cancelled?");
            await heard(bob, "bob");
            await heard(bob, "bob"); // * alice left
            await bob.close();
          },
          { name: "bob" },
        );
      });
      print(
        `both closed at ${Math.round(now())} ms (alice: ${alice.closeCode}, bob: ${bob.closeCode})`,
      );
    } finally {
      await session.close();
      await server.close();
    }
  },
};
