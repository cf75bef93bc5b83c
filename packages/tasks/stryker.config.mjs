// Mutation testing of the modules where a silent regression costs most (issue #18).
import { strykerConfig } from "../../stryker.shared.mjs";

export default strykerConfig([
  "src/lock.ts",
  "src/semaphore.ts",
  "src/condition.ts",
  "src/queue.ts",
  "src/task-group.ts",
  "src/gather.ts",
  "src/timeout.ts",
  "src/task.ts",
  "src/internal/task-cancellation.ts",
]);
