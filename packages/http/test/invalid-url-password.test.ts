// InvalidURL never shows a password that was in the URL (message, `url`, inspection).
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ClientSession, InvalidURL } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("InvalidURL and passwords", () => {
  for (const url of [
    "http://user:hunter2@[::1",
    "ftp://user:hunter2@example.com/",
    "http://user:hunter2@/path",
    "  http://user:hunter2@bad host/", // leading spaces: the URL does not start the string
    "h2c://user:hunter2@example.com/", // a digit in the scheme
    "http://bad host/?next=http://user:hunter2@example.com/", // a URL inside the URL
  ]) {
    it(`does not print the password of ${url.replace("hunter2", "***")}`, async () => {
      await inLoop(async () => {
        await using session = new ClientSession();
        const error = await failure(session.get(url));
        expect(error).toBeInstanceOf(InvalidURL);
        expect((error as InvalidURL).message).not.toContain("hunter2");
        expect((error as InvalidURL).url).not.toContain("hunter2");
        expect((error as InvalidURL).url).toContain("user:***@");
        expect(inspect(error)).not.toContain("hunter2");
      });
    });
  }

  it("does not print the password a redirect's Location carries", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const location = encodeURIComponent("gopher://user:hunter2@example.com/");
      const error = await failure(session.get(http.url(`/redirect-to?url=${location}`)));
      expect(error).toBeInstanceOf(InvalidURL);
      expect(inspect(error)).not.toContain("hunter2");
    });
  });
});
