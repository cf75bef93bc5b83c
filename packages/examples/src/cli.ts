#!/usr/bin/env node
// The entry of `aiots-examples` and `pnpm demo`: runs the CLI and sets the exit code.
import { describeError } from "./errors.js";
import { runCli } from "./main.js";

// `aiots-examples | head`: a closed pipe ends the program quietly, as other CLIs do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  // A bug of ours, not a user error: still one line, with the stack only on request.
  process.stderr.write(`aiots-examples: internal error: ${describeError(error)}\n`);
  if (process.env["AIOTS_DEBUG"] === "1" && error instanceof Error)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}
