// Issue 11, item 9: every README example and every TSDoc `@example` is compiled, and the
// README programs are run, so the examples cannot drift from the code. `pnpm
// test:examples` runs this file alone; `pnpm test` runs it with the rest.
//
// - Every example is type-checked. One without imports gets the public names it mentions
//   imported for it; names a fragment takes from its context (`task`, `loop`, `session`)
//   are not errors, everything else is (a wrong method, argument, type or import).
// - README blocks that import only @aiots/loop or @aiots/tasks and call `run(` are whole
//   programs and are run (so a missing import or name fails there); a block whose first
//   line is `// needs: ...` says what else it needs and is only type-checked.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const examplesDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(examplesDir, ".doc-examples");
const packages = ["loop", "tasks", "http"] as const;

interface Example {
  readonly id: string; // where it comes from: file:line
  readonly code: string;
  readonly kind: "readme" | "tsdoc";
}

function readmeExamples(file: string): Example[] {
  const text = readFileSync(file, "utf8");
  const examples: Example[] = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    const line = text.slice(0, match.index).split("\n").length;
    examples.push({ id: `${relative(root, file)}:${line}`, code: match[1]!, kind: "readme" });
  }
  return examples;
}

function tsdocExamples(file: string): Example[] {
  const text = readFileSync(file, "utf8");
  const examples: Example[] = [];
  const block = /^\s*\* @example\n\s*\* ```ts\n([\s\S]*?)^\s*\* ```$/gm;
  for (let match = block.exec(text); match !== null; match = block.exec(text)) {
    const line = text.slice(0, match.index).split("\n").length + 1;
    const code = match[1]!.replace(/^\s*\* ?/gm, "");
    examples.push({ id: `${relative(root, file)}:${line}`, code, kind: "tsdoc" });
  }
  return examples;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The value and type names each package's index exports (`export { a, type B } from`). */
function publicNames(pkg: string): string[] {
  const index = readFileSync(join(root, "packages", pkg, "src", "index.ts"), "utf8");
  const names: string[] = [];
  for (const match of index.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(",")) {
      const name = part
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)
        .at(-1)!;
      if (name !== "") names.push(name);
    }
  }
  return names;
}

const allExamples: Example[] = [
  ...[
    join(root, "README.md"),
    ...packages.map((p) => join(root, "packages", p, "README.md")),
  ].flatMap(readmeExamples),
  ...packages.flatMap((p) => sourceFiles(join(root, "packages", p, "src")).flatMap(tsdocExamples)),
];

// Prelude of a TSDoc fragment: the public names it mentions, from the package that owns
// them (tasks re-exports the loop's, so tasks first).
const owners = new Map<string, string>();
for (const pkg of ["http", "tasks", "loop"]) {
  for (const name of publicNames(pkg)) if (!owners.has(name)) owners.set(name, pkg);
}
function prelude(code: string): string {
  if (/^\s*import\s/m.test(code)) return "";
  const byPackage = new Map<string, string[]>();
  for (const [name, pkg] of owners) {
    if (new RegExp(`(?<![\\w.$])${name.replace("$", "\\$")}(?![\\w$])`).test(code)) {
      byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), name]);
    }
  }
  return [...byPackage]
    .map(([pkg, names]) => `import { ${names.join(", ")} } from "@aiots/${pkg}";\n`)
    .join("");
}

const runnable = (example: Example): boolean =>
  example.kind === "readme" &&
  !example.code.startsWith("// needs:") &&
  /\brun\(/.test(example.code) &&
  [...example.code.matchAll(/from "([^"]+)"/g)].every(([, from]) =>
    ["@aiots/tasks", "@aiots/loop"].includes(from!),
  );

// Fragments name things from their context: those errors are not drift.
// (2304/2552 unknown name, 18004 unknown shorthand property, 2440/2395/2300 a name the
// fragment declares itself.)
const contextErrors = new Set([2304, 2552, 2582, 2593, 2300, 18004, 2440, 2395]);

const fileOf = (index: number): string => join(outDir, `example-${index}.ts`);

describe("README and TSDoc examples", () => {
  let diagnostics = new Map<string, string[]>();

  beforeAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    allExamples.forEach((example, index) => {
      const head = prelude(example.code);
      writeFileSync(fileOf(index), `// ${example.id}\n${head}${example.code}\nexport {};\n`);
    });
    writeFileSync(
      join(outDir, "tsconfig.json"),
      JSON.stringify({
        extends: "../tsconfig.json",
        // Fragments import types as values and leave callback parameters to context.
        compilerOptions: { noEmit: true, verbatimModuleSyntax: false, noImplicitAny: false },
        include: ["*.ts"],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", outDir, "--pretty", "false"],
      { encoding: "utf8" },
    );
    diagnostics = new Map();
    for (const line of tsc.stdout.split("\n")) {
      const match = /^(.*?example-(\d+)\.ts)\((\d+),\d+\): error TS(\d+): (.*)$/.exec(line);
      if (match === null) continue;
      const example = allExamples[Number(match[2])]!;
      if (contextErrors.has(Number(match[4]))) continue;
      const list = diagnostics.get(example.id) ?? [];
      list.push(`line ${Number(match[3]) - 1}: TS${match[4]}: ${match[5]}`);
      diagnostics.set(example.id, list);
    }
  }, 240_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("finds the examples", () => {
    expect(allExamples.filter((e) => e.kind === "readme").length).toBeGreaterThan(5);
    expect(allExamples.filter((e) => e.kind === "tsdoc").length).toBeGreaterThan(200);
  });

  it("type-checks every example", () => {
    expect(Object.fromEntries(diagnostics)).toEqual({});
  });

  it.each(
    allExamples.flatMap((example, index) =>
      runnable(example) ? [[example.id, index] as const] : [],
    ),
  )(
    "runs %s",
    (_id, index) => {
      const output = execFileSync(
        process.execPath,
        ["--conditions=@aiots/source", "--import", "tsx", fileOf(index)],
        { cwd: examplesDir, encoding: "utf8", stdio: "pipe", timeout: 30_000 },
      );
      expect(typeof output).toBe("string"); // it exited with status 0
    },
    60_000,
  );
});
