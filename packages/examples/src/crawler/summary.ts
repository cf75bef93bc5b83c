import type { CrawlState } from "./crawl.js";

/** Per-host numbers of a crawl, for the summary table. */
export interface HostRow {
  readonly host: string;
  readonly pages: number;
  readonly ok: number;
  readonly notFound: number;
  readonly otherStatus: number;
  readonly failed: number;
  readonly retries: number;
  readonly peak: number;
}

/**
 * Counts a crawl by host: pages visited, 200s, 404s, other statuses, failures (no answer
 * after the retries), retries (from the server's request counts) and the peak of requests
 * in flight to the host.
 *
 * @example
 * ```ts
 * const rows = summarize(state, site.hosts, server.hits, server.peakInFlight);
 * ```
 */
export function summarize(
  state: CrawlState,
  hosts: readonly string[],
  hits: ReadonlyMap<string, number>,
  peakInFlight: ReadonlyMap<string, number>,
): HostRow[] {
  return hosts.map((host) => {
    const visits = state.visits.filter((visit) => visit.host === host);
    let retries = 0;
    for (const visit of visits) retries += Math.max(0, (hits.get(visit.url) ?? 1) - 1);
    return {
      host,
      pages: visits.length,
      ok: visits.filter((visit) => visit.status === 200).length,
      notFound: visits.filter((visit) => visit.status === 404).length,
      otherStatus: visits.filter(
        (visit) => visit.status !== undefined && visit.status !== 200 && visit.status !== 404,
      ).length,
      failed: visits.filter((visit) => visit.status === undefined).length,
      retries,
      peak: peakInFlight.get(host) ?? 0,
    };
  });
}

const COLUMNS = [
  ["pages", "pages"],
  ["ok", "ok"],
  ["404", "notFound"],
  ["other", "otherStatus"],
  ["failed", "failed"],
  ["retries", "retries"],
  ["peak", "peak"],
] as const;

/**
 * The summary table: one row per host and a total row (whose `peak` is the largest).
 *
 * @example
 * ```ts
 * for (const line of formatSummary(rows)) console.log(line);
 * // host             pages   ok  404  other  failed  retries  peak
 * // docs.site.test      98   90    5      0       3        7     3
 * ```
 */
export function formatSummary(rows: readonly HostRow[]): string[] {
  const total: HostRow = {
    host: "total",
    pages: sum(rows, "pages"),
    ok: sum(rows, "ok"),
    notFound: sum(rows, "notFound"),
    otherStatus: sum(rows, "otherStatus"),
    failed: sum(rows, "failed"),
    retries: sum(rows, "retries"),
    peak: Math.max(0, ...rows.map((row) => row.peak)),
  };
  const hostWidth = Math.max(5, ...rows.map((row) => row.host.length));
  const line = (host: string, cells: readonly string[]): string =>
    `${host.padEnd(hostWidth)}${cells.map((cell, i) => cell.padStart(Math.max(COLUMNS[i]?.[0].length ?? 0, 4) + 2)).join("")}`;
  return [
    line(
      "host",
      COLUMNS.map(([title]) => title),
    ),
    ...[...rows, total].map((row) =>
      line(
        row.host,
        COLUMNS.map(([, key]) => String(row[key])),
      ),
    ),
  ];
}

function sum(rows: readonly HostRow[], key: keyof Omit<HostRow, "host">): number {
  return rows.reduce((total, row) => total + row[key], 0);
}
