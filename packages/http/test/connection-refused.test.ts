// Connection refused: ClientConnectorError (aiohttp: ClientConnectorError from
// TCPConnector._create_connection), the undici/Node error kept as cause, the slot freed.
import { describe, expect, it } from "vitest";
import {
  ClientConnectionError,
  ClientConnectorError,
  ClientOSError,
  ClientSession,
} from "../src/index.js";
import { closedPort, failure, inLoop } from "./helpers.js";

describe("connection refused", () => {
  it("raises ClientConnectorError with host, port, errno and the cause", async () => {
    const port = await closedPort();
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const error = (await failure(
        session.get(`http://127.0.0.1:${port}/`),
      )) as ClientConnectorError;
      expect(error).toBeInstanceOf(ClientConnectorError);
      expect(error).toBeInstanceOf(ClientOSError);
      expect(error).toBeInstanceOf(ClientConnectionError);
      expect(error.host).toBe("127.0.0.1");
      expect(error.port).toBe(port);
      expect(error.errno).toBe("ECONNREFUSED");
      expect(error.cause).toMatchObject({ code: "ECONNREFUSED" });
      expect(error.message).toContain(`127.0.0.1:${port}`);
      // The only slot was given back: a second attempt fails the same way instead of waiting.
      expect(await failure(session.get(`http://127.0.0.1:${port}/`))).toBeInstanceOf(
        ClientConnectorError,
      );
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
