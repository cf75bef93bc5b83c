// The hierarchy mirrors aiohttp's client_exceptions.py (docs: "Client exceptions hierarchy").
import { describe, expect, it } from "vitest";
import { TimeoutError } from "@aiots/loop";
import {
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ConnectionTimeoutError,
  ContentTypeError,
  InvalidURL,
  ServerConnectionError,
  ServerDisconnectedError,
  ServerTimeoutError,
  SocketTimeoutError,
  TooManyRedirects,
  TotalTimeoutError,
} from "../src/index.js";

const info = { method: "GET", url: "http://x/", realUrl: "http://x/", headers: [] };

describe("error hierarchy (aiohttp client exceptions)", () => {
  it("nests the connection errors under ClientConnectionError", () => {
    const error = new ClientConnectorError("refused", {
      host: "h",
      port: 1,
      errno: "ECONNREFUSED",
    });
    expect(error).toBeInstanceOf(ClientOSError);
    expect(error).toBeInstanceOf(ClientConnectionError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error.errno).toBe("ECONNREFUSED");
    expect(new ServerDisconnectedError("x")).toBeInstanceOf(ServerConnectionError);
  });

  it("makes ServerTimeoutError both a ClientConnectionError and a loop TimeoutError", () => {
    for (const error of [
      new ServerTimeoutError("t"),
      new SocketTimeoutError("s"),
      new ConnectionTimeoutError("c"),
    ]) {
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toBeInstanceOf(ServerTimeoutError);
      expect(error).toBeInstanceOf(ServerConnectionError);
      expect(error).toBeInstanceOf(ClientConnectionError);
      expect(error).toBeInstanceOf(ClientError);
      expect(error).not.toBeInstanceOf(ClientPayloadError);
    }
    expect(new SocketTimeoutError("s")).not.toBeInstanceOf(ConnectionTimeoutError);
  });

  it("makes TotalTimeoutError a TimeoutError and a ClientError but not a connection error", () => {
    const error = new TotalTimeoutError("total");
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).not.toBeInstanceOf(ClientConnectionError);
  });

  it("makes InvalidURL a TypeError and a ClientError", () => {
    const error = new InvalidURL("ftp://x", "bad");
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error.url).toBe("ftp://x");
  });

  it("nests ContentTypeError and TooManyRedirects under ClientResponseError", () => {
    const a = new ContentTypeError(info, "m", { status: 200 });
    const b = new TooManyRedirects(info, "m", { status: 302, history: [1, 2] });
    expect(a).toBeInstanceOf(ClientResponseError);
    expect(b).toBeInstanceOf(ClientResponseError);
    expect(b.history).toEqual([1, 2]);
    expect(a.requestInfo.url).toBe("http://x/");
    expect(a).not.toBeInstanceOf(TooManyRedirects);
  });

  it("gives each class a name, a stable code and keeps the cause", () => {
    const cause = new Error("undici");
    const error = new ClientPayloadError("p", { cause });
    expect(error.name).toBe("ClientPayloadError");
    expect(error.code).toBe("ERR_AIOTS_HTTP_PAYLOAD");
    expect(error.cause).toBe(cause);
    const codes = [
      new ClientError("a").code,
      new ClientConnectionError("a").code,
      new ServerTimeoutError("a").code,
      new SocketTimeoutError("a").code,
      new ConnectionTimeoutError("a").code,
      new TotalTimeoutError("a").code,
      new InvalidURL("u", "a").code,
    ];
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("recognises instances of another copy of the class (brands, not prototypes)", () => {
    const foreign = Object.create(Error.prototype) as Error;
    Object.defineProperty(foreign, Symbol.for("@aiots/http:ClientError"), { value: true });
    expect(foreign).toBeInstanceOf(ClientError);
    expect(foreign).not.toBeInstanceOf(ClientConnectionError);
  });
});
