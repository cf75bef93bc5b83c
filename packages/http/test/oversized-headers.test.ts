// A response head larger than maxHeaderSize: aiohttp raises ClientResponseError(400, ...)
// for a head it cannot parse; so do we, with undici's HeadersOverflowError as cause.
import { describe, expect, it } from "vitest";
import { ClientResponseError, ClientSession } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("oversized headers", () => {
  it("rejects a 64 KiB head with ClientResponseError (status 400) and frees the socket", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = (await failure(
        session.get(http.url("/oversized-headers")),
      )) as ClientResponseError;
      expect(error).toBeInstanceOf(ClientResponseError);
      expect(error.status).toBe(400);
      expect(error.cause).toMatchObject({ code: "UND_ERR_HEADERS_OVERFLOW" });
      await http.server.waitForSockets(0);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("honours connector.maxHeaderSize", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { maxHeaderSize: 128 * 1024 } });
      const response = await session.get(http.url("/oversized-headers?size=65536"));
      expect(response.headers.get("x-big")).toHaveLength(65536);
      expect(await response.text()).toBe("ok");
    });
  });
});
