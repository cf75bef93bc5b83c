import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** A running chat server. */
export interface ChatServer {
  /** The room's URL for `name`: `ws://127.0.0.1:<port>/chat?name=...`. */
  urlFor(name: string): string;
  close(): Promise<void>;
}

/**
 * An embedded loopback chat room on the `ws` package: each text message a member sends is
 * passed to the others as `name: text`; joining and leaving are announced as `* name joined`
 * and `* name left`.
 *
 * @example
 * ```ts
 * const server = await startChatServer();
 * await using ws = await session.wsConnect(server.urlFor("alice"));
 * ```
 */
export async function startChatServer(): Promise<ChatServer> {
  const http = createServer((_request, response) => response.writeHead(426).end());
  const room = new WebSocketServer({ server: http, path: "/chat" });
  const members = new Map<WebSocket, string>();
  const broadcast = (from: WebSocket, text: string): void => {
    for (const member of members.keys()) if (member !== from) member.send(text);
  };
  room.on("connection", (socket, request) => {
    const name = new URL(request.url ?? "/", "http://chat").searchParams.get("name") ?? "anon";
    members.set(socket, name);
    broadcast(socket, `* ${name} joined`);
    socket.on("message", (data, isBinary) => {
      // ws hands text frames over as a Buffer (binaryType "nodebuffer", the default).
      if (!isBinary) broadcast(socket, `${name}: ${(data as Buffer).toString("utf8")}`);
    });
    socket.on("close", () => {
      members.delete(socket);
      broadcast(socket, `* ${name} left`);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    urlFor: (name) => `ws://127.0.0.1:${port}/chat?name=${encodeURIComponent(name)}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of members.keys()) socket.terminate();
        room.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
