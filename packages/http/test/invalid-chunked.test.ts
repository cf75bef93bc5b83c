// An invalid chunked transfer encoding (undici's parser-issues.js in spirit).
import { describe, expect, it } from "vitest";
import { ClientPayloadError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("invalid chunked encoding", () => {
  it("raises ClientPayloadError with llhttp's error as cause, and destroys the socket", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/invalid-chunked"));
      const error = await failure(response.read());
      expect(error).toBeInstanceOf(ClientPayloadError);
      expect((error as Error).message).toMatch(/payload is invalid.*chunk size/);
      expect((error as Error).cause).toMatchObject({ name: "HTTPParserError" });
      await http.server.waitForSockets(0);
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
