// No import cycle in src/, `import type` edges included: the contract lives in the leaf
// module types.ts, and only index.ts imports the EventLoop class (asyncio's events.py and
// base_events.py).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Each file's relative imports (values and types), as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/g)]
      .map((match) => resolve(dirname(file), match[1]!.replace(/\.js$/, ".ts")))
      .map((target) => relative(srcDir, target));
    graph.set(relative(srcDir, file), targets);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "visiting") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe("module graph of @aiots/loop", () => {
  const graph = importGraph();

  it("has no import cycle, type-only imports included", () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it("finds a planted cycle (the check itself works)", () => {
    const planted = new Map(graph);
    planted.set("types.ts", [...(planted.get("types.ts") ?? []), "future.ts"]);
    expect(findCycle(planted)).toBeDefined();
  });

  it("keeps types.ts a leaf and event-loop.ts imported by index.ts only", () => {
    expect(graph.get("types.ts")).toEqual([]);
    const importers = [...graph].filter(([, targets]) => targets.includes("event-loop.ts"));
    expect(importers.map(([file]) => file)).toEqual(["index.ts"]);
  });
});
