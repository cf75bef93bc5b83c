// The benchmark's forward/CONNECT proxy (the `proxy` package, as in the tests), in its own
// process so its work is not counted as the client's. Sends its port to the parent over IPC.
import http from "node:http";
import { createProxy } from "proxy";

const server = createProxy(http.createServer());
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: server.address().port });
});
process.on("disconnect", () => process.exit(0));
