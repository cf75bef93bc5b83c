// The server goes away: before the head (ServerDisconnectedError) or in the middle of the
// body (ClientPayloadError, aiohttp's "Response payload is not completed").
import { describe, expect, it } from "vitest";
import { ClientPayloadError, ClientSession, ServerDisconnectedError } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("server disconnect", () => {
  it("raises ServerDisconnectedError when the connection closes before a response", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(session.get(http.url("/no-response")));
      expect(error).toBeInstanceOf(ServerDisconnectedError);
      expect((error as Error).cause).toMatchObject({ code: "UND_ERR_SOCKET" });
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("raises ClientPayloadError when the connection closes mid-body", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/close-mid-body?sent=10"));
      expect(response.status).toBe(200);
      const error = await failure(response.read());
      expect(error).toBeInstanceOf(ClientPayloadError);
      expect((error as Error).message).toMatch(/payload is not completed/);
      await http.server.waitForSockets(0);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("raises ClientPayloadError to a content iterator too, after the chunks that did arrive", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/close-mid-body?sent=7"));
      let received = 0;
      const error = await failure(
        (async () => {
          for await (const chunk of response.content) received += chunk.length;
        })(),
      );
      expect(error).toBeInstanceOf(ClientPayloadError);
      expect(received).toBe(7);
    });
  });
});
