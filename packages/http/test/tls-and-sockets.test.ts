// TLS options (aiohttp's `ssl`), the typed certificate error, Unix sockets (aiohttp's
// UnixConnector) and opt-in HTTP/2 (undici's allowH2), against loopback servers.
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientConnectorCertificateError,
  ClientConnectorError,
  ClientSession,
} from "../src/index.js";
import { failure, inLoop } from "./helpers.js";
import { selfSignedCertificate } from "./tls-helpers.js";

const { cert, key } = selfSignedCertificate();
let httpsServer: https.Server;
let httpsUrl: string;

beforeAll(async () => {
  httpsServer = https.createServer({ cert, key }, (request, response) => {
    response.end(`tls ${request.url}`);
  });
  await new Promise<void>((resolve) => httpsServer.listen(0, "127.0.0.1", resolve));
  httpsUrl = `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  httpsServer.closeAllConnections();
  await new Promise<void>((resolve) => httpsServer.close(() => resolve()));
});

describe("ssl", () => {
  it("trusts a self-signed server whose certificate is given as ssl.ca", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ ssl: { ca: cert } });
      expect(await (await session.get(`${httpsUrl}/a`)).text()).toBe("tls /a");
    });
  });

  it("rejects an untrusted certificate with ClientConnectorCertificateError", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(session.get(`${httpsUrl}/`));
      expect(error).toBeInstanceOf(ClientConnectorCertificateError);
      expect(error).toBeInstanceOf(ClientConnectorError);
      expect((error as ClientConnectorCertificateError).certificateError).toBe(
        "DEPTH_ZERO_SELF_SIGNED_CERT",
      );
    });
  });

  it("checks the name given as ssl.servername", async () => {
    await inLoop(async () => {
      await using wrong = new ClientSession({ ssl: { ca: cert, servername: "example.com" } });
      const error = await failure(wrong.get(`${httpsUrl}/`));
      expect((error as ClientConnectorCertificateError).certificateError).toBe(
        "ERR_TLS_CERT_ALTNAME_INVALID",
      );
      await using right = new ClientSession({ ssl: { ca: cert, servername: "localhost" } });
      expect((await right.get(`${httpsUrl}/b`)).status).toBe(200);
    });
  });

  it("skips the check with ssl: false or rejectUnauthorized: false", async () => {
    await inLoop(async () => {
      await using off = new ClientSession({ ssl: false });
      expect(await (await off.get(`${httpsUrl}/c`)).text()).toBe("tls /c");
      await using lax = new ClientSession({ connector: { ssl: { rejectUnauthorized: false } } });
      expect((await lax.get(`${httpsUrl}/d`)).status).toBe(200);
    });
  });

  it("rejects bad TLS options naming them", () => {
    expect(() => new ClientSession({ ssl: "yes" as unknown as false })).toThrow(
      "Expected `ssl` to be an object of TLS options or false, got `'yes'` (string)",
    );
    expect(
      () => new ClientSession({ ssl: { rejectUnauthorized: "no" as unknown as boolean } }),
    ).toThrow(TypeError);
  });
});

describe("socketPath", () => {
  it("sends every request to the Unix socket, the URL's host as Host", async () => {
    const path = join(tmpdir(), `aiots-${process.pid}-${Date.now()}.sock`);
    const server = http.createServer((request, response) => {
      response.end(`${request.headers.host} ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      await inLoop(async () => {
        await using session = new ClientSession({ socketPath: path });
        const response = await session.get("http://docker/v1/containers");
        expect(await response.text()).toBe("docker /v1/containers");
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("http2", () => {
  it("speaks HTTP/2 to a node:http2 TLS server when asked", async () => {
    const server = http2.createSecureServer({ cert, key }, (request, response) => {
      response.end(`h${request.httpVersion} ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await inLoop(async () => {
        await using session = new ClientSession({ http2: true, ssl: { ca: cert } });
        const [a, b] = await Promise.all([session.get(`${url}/one`), session.get(`${url}/two`)]);
        expect(await a.text()).toBe("h2.0 /one");
        expect(await b.text()).toBe("h2.0 /two");
        expect(session.connector.stats().active).toBe(0);
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
