export {
  TestServer,
  type RecordedRequest,
  type RouteHandler,
  type TestServerOptions,
} from "./test-server.js";
