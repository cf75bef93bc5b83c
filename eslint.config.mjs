// ESLint for the whole workspace: typescript-eslint's type-aware rules, with the promise rules
// on as errors: a forgotten `await` is exactly the bug this library exists to prevent.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const REAL_TIME =
  "Tests run on the VirtualClock and never wait on real time: use runVirtual/VirtualClock, " +
  "name the file *.real-io.test.ts if it does real I/O, or disable this line with a reason.";
/** `Date.now()` or `performance.now()`. */
const REAL_NOW = "[callee.object.name=/^(Date|performance)$/][callee.property.name='now']";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/.turbo/**",
      "**/.doc-examples/**",
      "**/coverage/**",
      "**/*.d.ts",
      "scripts/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  // No test waits on real time (CONTRIBUTING.md, "Tests"): time-dependent tests run on the
  // VirtualClock. Files named `*.real-io.test.ts` (sockets, processes, worker threads) are
  // exempt; elsewhere a real-time line needs `// eslint-disable-next-line <rule> -- <reason>`.
  // scripts/lint-canary.mjs proves every selector here still fires.
  {
    files: ["packages/*/test/**/*.{ts,mts,js,mjs}"],
    ignores: ["**/*.real-io.test.*", "packages/*/test/fixtures/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["setTimeout", "setInterval"].map((name) => ({ name, message: REAL_TIME })),
      ],
      "no-restricted-properties": [
        "error",
        ...["setTimeout", "setInterval"].map((property) => ({
          object: "globalThis",
          property,
          message: REAL_TIME,
        })),
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "node:timers", importNames: ["setTimeout", "setInterval"], message: REAL_TIME },
            { name: "timers", importNames: ["setTimeout", "setInterval"], message: REAL_TIME },
            { name: "node:timers/promises", message: REAL_TIME },
            { name: "timers/promises", message: REAL_TIME },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='RealClock']", message: REAL_TIME },
        {
          selector: `BinaryExpression[operator='-'] > CallExpression.left${REAL_NOW}`,
          message: `Elapsed real time is not a test oracle. ${REAL_TIME}`,
        },
        {
          selector: `:matches(WhileStatement, DoWhileStatement) > BinaryExpression.test > CallExpression${REAL_NOW}`,
          message: `A busy-wait on the real clock. ${REAL_TIME}`,
        },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        Buffer: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
      },
    },
  },
);
