// Mutation testing of the modules where a silent regression costs most (issue #18): the
// connector, redirects, retries and timeouts.
import { strykerConfig } from "../../stryker.shared.mjs";

export default strykerConfig([
  "src/connector.ts",
  "src/internal/hop.ts",
  "src/internal/redirect.ts",
  "src/retry.ts",
  "src/internal/retry-loop.ts",
  "src/client-timeout.ts",
  "src/internal/flight.ts",
]);
