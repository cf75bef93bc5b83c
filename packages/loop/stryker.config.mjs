// Mutation testing of the modules where a silent regression costs most (issue #18).
import { strykerConfig } from "../../stryker.shared.mjs";

export default strykerConfig([
  "src/future.ts",
  "src/internal/reaction.ts",
  "src/event-loop.ts",
  "src/internal/scheduler.ts",
  "src/internal/timer-heap.ts",
  "src/internal/timer-lanes.ts",
  "src/internal/binary-heap.ts",
]);
