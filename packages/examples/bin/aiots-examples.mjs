#!/usr/bin/env node
// The package is private and not built: run the TypeScript sources through tsx, resolving
// the workspace packages to their sources (the `@aiots/source` export condition), the
// same as `node --conditions=@aiots/source --import tsx src/cli.ts`.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

registerTsx();
// Registered last, so it runs first: adds the condition, then hands over to tsx.
register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(specifier, context, next) {" +
        " return next(specifier, { ...context, conditions: [...context.conditions, '@aiots/source'] }); }",
    ),
  import.meta.url,
);
await import("../src/cli.ts");
