// The server side of bench/streaming.ts, in its own process: a WebSocket echo server, and
// an SSE endpoint streaming `n` small events as fast as the socket takes them.
import http from "node:http";
import { WebSocketServer } from "ws";

const server = http.createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (url.pathname !== "/events") {
    response.statusCode = 404;
    response.end();
    return;
  }
  const n = Number(url.searchParams.get("n") ?? 1000);
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  let index = 0;
  const pump = () => {
    while (index < n) {
      const batch = [];
      for (let i = 0; i < 100 && index < n; i++, index++) {
        batch.push(`id: ${index}\ndata: {"token":"t${index}"}\n\n`);
      }
      if (!response.write(batch.join(""))) {
        response.once("drain", pump);
        return;
      }
    }
    response.end();
  };
  pump();
});
const wss = new WebSocketServer({ server });
wss.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.listen(0, "127.0.0.1", () => {
  process.send({ port: server.address().port });
});
process.on("disconnect", () => process.exit(0));
