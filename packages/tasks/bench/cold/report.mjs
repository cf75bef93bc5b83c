// Formatting of the cold runner's tables: medians, cells with their GC share, ratios.

/** The median of the successful samples' `key`, or undefined. */
export function median(samples, key) {
  const values = samples
    .map((sample) => sample[key])
    .filter((value) => typeof value === "number")
    .sort((a, b) => a - b);
  return values.length === 0 ? undefined : values[Math.floor(values.length / 2)];
}

/**
 * `412 ms (cpu 380), gc 31%`: medians of wall time, CPU time and GC share, with the run count
 * when fewer than asked for, or the failure.
 */
export function timeCell(samples, runs) {
  const ms = median(samples, "ms");
  if (ms === undefined) return samples.find((sample) => sample.error)?.error ?? "-";
  const ok = samples.filter((sample) => sample.error === undefined);
  const gc = median(
    ok.map((sample) => ({ share: sample.gcMs / sample.ms })),
    "share",
  );
  const count = ok.length < runs ? ` (${ok.length} run${ok.length === 1 ? "" : "s"})` : "";
  return `${round(ms)} ms (cpu ${round(median(ok, "cpuMs"))}), gc ${(gc * 100).toFixed(0)}%${count}`;
}

function round(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

/** `a / b` as `2.31x`, or `-`. */
export function ratio(a, b) {
  return a === undefined || b === undefined ? "-" : `${(a / b).toFixed(2)}x`;
}

/** Prints a markdown table's header; then print each row with {@link printRow} as it comes. */
export function printHeader(header) {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
}

export function printRow(cells) {
  console.log(`| ${cells.join(" | ")} |`);
}
