// The benchmark's HTTP server, run in its own process so the client's numbers are not
// mixed with the server's work. Sends its port to the parent over IPC.
import http from "node:http";

const small = Buffer.alloc(1024, "a");
const large = Buffer.alloc(1024 * 1024, "b");

const server = http.createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  const body = request.url === "/1m" ? large : small;
  response.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": body.length,
  });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: server.address().port });
});
process.on("disconnect", () => process.exit(0));
