#!/usr/bin/env node
// No import cycle in any package's src/, `import type` edges included (issue #14). Part of
// `pnpm lint`; scripts/lint-canary.mjs plants a cycle in scripts/fixtures/import-cycle/ and
// fails if this check no longer reports it.
//
// The graph comes from dpdm (without its `--transform`, so type-only imports count). The
// cycles that were on main when the check came in were listed below, one import edge each that
// closed them, and skipped until the split of #14 removed them; the list is empty now, so any
// cycle fails the lint. A listed edge that no longer closes a cycle is reported as stale.
import { globFiles, parseCircular, parseDependencyTree } from "dpdm";
import { fileURLToPath } from "node:url";

/**
 * Import edges (`issuer -> dependency`, paths from the repository root) known to close a cycle
 * on main when this check came in, all of them `import type`; the last one
 * (`task-registry.ts -> task.ts`) went with #14's task.ts split. Never add to it.
 */
export const KNOWN_CYCLE_EDGES = [];

const SOURCES = "packages/*/src/**/*.{ts,mts,cts,mjs,cjs}";

/**
 * The import cycles among the files `pattern` matches under `root`.
 *
 * @param {string} root the directory paths are relative to
 * @param {string} pattern a glob of the files to analyse
 * @param {readonly string[]} skipEdges `issuer -> dependency` edges left out of the graph
 * @returns {Promise<{ cycles: string[][], staleEdges: string[] }>} the cycles left once the
 *   skipped edges are gone (empty when none), and the skipped edges that close no cycle
 */
export async function importCycles(root, pattern = SOURCES, skipEdges = []) {
  const files = await globFiles(pattern, root);
  const tree = await parseDependencyTree(files, { cwd: root, context: root, transform: false });
  const skipped = new Set(skipEdges);
  const edges = new Map();
  for (const [issuer, deps] of Object.entries(tree)) {
    edges.set(issuer, new Set((deps ?? []).flatMap((dep) => (dep.id === null ? [] : [dep.id]))));
  }
  const pruned = Object.fromEntries(
    Object.entries(tree).map(([issuer, deps]) => [
      issuer,
      deps && deps.filter((dep) => !skipped.has(`${issuer} -> ${dep.id}`)),
    ]),
  );
  /** Whether `to` is reachable from `from` in the whole graph. */
  const reaches = (from, to) => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      const node = stack.pop();
      if (node === to) return true;
      for (const next of edges.get(node) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  };
  const staleEdges = skipEdges.filter((edge) => {
    const [issuer, dependency] = edge.split(" -> ");
    return !edges.get(issuer)?.has(dependency) || !reaches(dependency, issuer);
  });
  return { cycles: parseCircular(pruned), staleEdges };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const { cycles, staleEdges } = await importCycles(root, SOURCES, KNOWN_CYCLE_EDGES);
  for (const edge of staleEdges) {
    console.log(
      `import cycles: "${edge}" closes no cycle any more: delete it from KNOWN_CYCLE_EDGES`,
    );
  }
  if (cycles.length > 0) {
    for (const cycle of cycles) {
      console.error(`import cycle: ${[...cycle, cycle[0]].join(" -> ")}`);
    }
    console.error(
      "Break it (move the shared type or interface into a leaf module, as loop's types.ts " +
        "does); `import type` edges count too.",
    );
    process.exit(1);
  }
  console.log(
    `import cycles: none in packages/*/src (${KNOWN_CYCLE_EDGES.length - staleEdges.length} known edges skipped, #14)`,
  );
}
