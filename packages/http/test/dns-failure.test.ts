// A name that does not resolve (RFC 6761 .invalid): ClientConnectorError with ENOTFOUND.
import { describe, expect, it } from "vitest";
import { ClientConnectorError, ClientSession } from "../src/index.js";
import { failure, inLoop } from "./helpers.js";

describe("DNS failure", () => {
  it("raises ClientConnectorError naming the host, errno ENOTFOUND", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = (await failure(
        session.get("http://nonexistent.invalid/path"),
      )) as ClientConnectorError;
      expect(error).toBeInstanceOf(ClientConnectorError);
      expect(error.host).toBe("nonexistent.invalid");
      expect(error.port).toBe(80);
      expect(["ENOTFOUND", "EAI_AGAIN"]).toContain(error.errno);
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
