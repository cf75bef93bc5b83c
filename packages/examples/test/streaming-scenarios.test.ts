// The streaming scenarios of #16, offline on loopback, on both clocks: sse-stream (tokens
// as Server-Sent Events, cancelled after SSE_TOKENS_BEFORE_CANCEL) and websocket-chat (two
// clients through an embedded room). On the virtual clock the loop times are exact.
import { describe, expect, it } from "vitest";
import { runScenario } from "../src/runner.js";
import { SSE_TOKENS_BEFORE_CANCEL, sseStream } from "../src/scenarios/sse-stream.js";
import { websocketChat } from "../src/scenarios/websocket-chat.js";
import { TOKENS } from "../src/streaming/token-server.js";

const tokenLines = (times: readonly number[]): string[] =>
  times.map(
    (ms, index) => `${String(ms).padStart(4)} ms  #${index + 1} ${JSON.stringify(TOKENS[index])}`,
  );

const CHAT = [
  "alice <- * bob joined",
  "bob   <- alice: hi bob!",
  "alice <- bob: hi alice, can a receive() be cancelled?",
  "bob   <- alice: cancellable, of course. bye!",
  "bob   <- * alice left",
];

describe("sse-stream", () => {
  it("prints each token as it arrives and cancels the reader after six (virtual clock)", async () => {
    const result = await runScenario(sseStream, { virtual: true });
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      ...tokenLines([50, 100, 150, 200, 250, 300]),
      `cancelled the reader after ${SSE_TOKENS_BEFORE_CANCEL} tokens at 300 ms`,
      "the server saw the client hang up and stopped streaming",
    ]);
    expect(result.loopTimeMs).toBe(300);
    const reader = result.spans.find((span) => span.name === "read tokens");
    expect(reader).toMatchObject({ start: 0, end: 300, state: "cancelled" });
  });

  it("runs on the real clock too", async () => {
    const result = await runScenario(sseStream, { latencyMs: 5 });
    expect(result.error).toBeUndefined();
    expect(result.output).toHaveLength(SSE_TOKENS_BEFORE_CANCEL + 2);
    expect(result.output.at(-2)).toMatch(/^cancelled the reader after 6 tokens at \d+ ms$/);
  });
});

describe("websocket-chat", () => {
  it("alice and bob chat through the room, 400 ms of loop time (virtual clock)", async () => {
    const result = await runScenario(websocketChat, { virtual: true });
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      "   0 ms  alice <- * bob joined",
      " 100 ms  bob   <- alice: hi bob!",
      " 300 ms  alice <- bob: hi alice, can a receive() be cancelled?",
      " 400 ms  bob   <- alice: cancellable, of course. bye!",
      " 400 ms  bob   <- * alice left",
      "both closed at 400 ms (alice: 1000, bob: 1000)",
    ]);
    expect(result.loopTimeMs).toBe(400);
  });

  it("runs on the real clock too", async () => {
    const result = await runScenario(websocketChat, {});
    expect(result.error).toBeUndefined();
    expect(result.output.slice(0, -1).map((line) => line.slice(9))).toEqual(CHAT);
  });
});
