import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Schedule } from "../server/demo-server.js";

/** The text the token server streams, one word (with its leading space) per event. */
export const TOKEN_TEXT =
  "Coroutines you can cancel, an event loop you can own, and requests that belong to the task that made them.";

/** The tokens of {@link TOKEN_TEXT}, as an LLM API would stream them. */
export const TOKENS: readonly string[] = TOKEN_TEXT.split(/(?= )/);

/** Options of {@link startTokenServer}. */
export interface TokenServerOptions {
  /** Between two tokens, ms. */
  readonly intervalMs: number;
  /** How to wait: the scenario's loop `callLater`, so the pace is loop time. */
  readonly schedule: Schedule;
}

/** A running token server. */
export interface TokenServer {
  /** The stream's URL on 127.0.0.1. */
  readonly url: string;
  /** Tokens written before the client went away (or all of them). */
  readonly sent: () => number;
  /** Resolves once the client closed the stream before its end (with the tokens sent then). */
  readonly clientGone: Promise<number>;
  close(): Promise<void>;
}

/**
 * An embedded loopback server streaming {@link TOKENS} as Server-Sent Events, one every
 * `intervalMs`, the way LLM APIs stream completions (`data: {"token": ...}`, then
 * `data: [DONE]`); it notices when the client hangs up.
 *
 * @example
 * ```ts
 * const server = await startTokenServer({ intervalMs: 50, schedule: (ms, fn) => void loop.callLater(ms, fn) });
 * for await (const event of session.sse(server.url)) console.log(event.data);
 * ```
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  let sent = 0;
  let onGone: (count: number) => void = () => {};
  const clientGone = new Promise<number>((resolve) => (onGone = resolve));
  const stream = (response: ServerResponse): void => {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.write(": the stream starts\n\n");
    let done = false;
    response.on("close", () => {
      if (!done) onGone(sent);
    });
    const next = (): void => {
      if (response.destroyed) return;
      if (sent === TOKENS.length) {
        done = true;
        response.end("data: [DONE]\n\n");
        return;
      }
      response.write(`id: ${sent + 1}\ndata: ${JSON.stringify({ token: TOKENS[sent] })}\n\n`);
      sent++;
      options.schedule(options.intervalMs, next);
    };
    options.schedule(options.intervalMs, next);
  };
  const server = createServer((request, response) => {
    if (request.url === "/v1/stream") stream(response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/stream`,
    sent: () => sent,
    clientGone,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
