// A body shorter than its Content-Length (undici's content-length.js in spirit).
import { describe, expect, it } from "vitest";
import { ClientPayloadError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("content-length mismatch", () => {
  it("raises ClientPayloadError when the server ends the body early", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/bad-content-length?declared=100&sent=10"));
      expect(response.contentLength).toBe(100);
      const error = await failure(response.text());
      expect(error).toBeInstanceOf(ClientPayloadError);
      await http.server.waitForSockets(0);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("raises ClientPayloadError for a large body (read into one preallocated buffer) ended early", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(
        http.url("/bad-content-length?declared=500000&sent=200000"),
      );
      expect(response.contentLength).toBe(500_000);
      expect(await failure(response.read())).toBeInstanceOf(ClientPayloadError);
      await http.server.waitForSockets(0);
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
