import {
  CancelledError,
  createTask,
  gather,
  Queue,
  RateLimiter,
  Semaphore,
  type RateLimiterOptions,
  type Task,
} from "@aiots/tasks";
import { describeError } from "../errors.js";

/** What fetching one URL gave: a status and the body, or it threw (timeout, connection). */
export interface FetchOutcome {
  readonly status: number;
  readonly body: string;
}

/** Fetches one URL; throws when no response came (after the client's own retries). */
export type Fetcher = (url: string) => Promise<FetchOutcome>;

/** Options of {@link crawl}. */
export interface CrawlOptions {
  /** The first URL. */
  readonly root: string;
  readonly fetch: Fetcher;
  /** Worker tasks taking URLs from the queue (default 8). */
  readonly workers?: number;
  /** Requests in flight to one host at most (default 3): one `Semaphore` per host. */
  readonly perHost?: number;
  /**
   * Requests started per host and time window (default none): one `RateLimiter` per host,
   * politeness on top of `perHost` (a fast host is not hit more often than this).
   */
  readonly ratePerHost?: RateLimiterOptions;
  /** Follow only the links this accepts (default: the root's host). */
  readonly follow?: (url: URL) => boolean;
  /** Called after each page, for a progress bar. */
  readonly onProgress?: (state: CrawlState) => void;
}

/** One visited URL. */
export interface Visit {
  readonly url: string;
  readonly host: string;
  /** The status, or `undefined` when the request failed. */
  readonly status: number | undefined;
  /** Why it failed, one line. */
  readonly error?: string;
}

/**
 * The crawl's progress, readable at any moment: what was found, visited and failed. After
 * a cancellation it holds the partial result.
 */
export class CrawlState {
  /** Every URL ever queued (the root included), each once. */
  readonly discovered = new Set<string>();
  /** Visits in the order they ended. */
  readonly visits: Visit[] = [];
  /** Pages being fetched right now. */
  inFlight = 0;
  /** Set when the crawl was cancelled before the queue ran dry. */
  interrupted = false;

  /** Visits that ended with `status`. */
  count(status: number | "failed"): number {
    return this.visits.filter((visit) =>
      status === "failed" ? visit.status === undefined : visit.status === status,
    ).length;
  }
}

/**
 * A bounded-concurrency crawler: a `Queue` of URLs, `workers` tasks taking from it, one
 * `Semaphore(perHost)` per host and, with `ratePerHost`, one `RateLimiter` per host (p-queue's
 * `intervalCap`/`interval`), each page fetched once. A queue and workers rather than `map`:
 * the frontier grows as pages are read, where `map` takes a list (or an iterable) fixed by
 * its producer. Resolves when the queue has run dry;
 * on cancellation (Ctrl+C) the workers are cancelled and awaited, `state.interrupted` is set,
 * and the `CancelledError` goes on, as asyncio code does: the caller prints `state`.
 *
 * @example
 * ```ts
 * const state = new CrawlState();
 * try {
 *   await crawl({ root: "http://docs.site.test/", fetch, workers: 8 }, state);
 * } finally {
 *   console.log(`${state.visits.length} pages`);
 * }
 * ```
 */
export async function crawl(
  options: CrawlOptions,
  state: CrawlState = new CrawlState(),
): Promise<CrawlState> {
  const workers = options.workers ?? 8;
  const perHost = options.perHost ?? 3;
  const rootHost = new URL(options.root).host;
  const follow = options.follow ?? ((url: URL) => url.host === rootHost);
  const queue = new Queue<string>();
  const limits = new Map<string, { inFlight: Semaphore; rate: RateLimiter | undefined }>();
  const limitOf = (host: string): { inFlight: Semaphore; rate: RateLimiter | undefined } => {
    let limit = limits.get(host);
    if (limit === undefined) {
      const { ratePerHost } = options;
      limit = {
        inFlight: new Semaphore(perHost),
        rate: ratePerHost === undefined ? undefined : new RateLimiter(ratePerHost),
      };
      limits.set(host, limit);
    }
    return limit;
  };
  const enqueue = (url: string): void => {
    if (state.discovered.has(url)) return;
    state.discovered.add(url);
    queue.putNowait(url);
  };

  const visit = async (url: string): Promise<void> => {
    const host = new URL(url).host;
    const { inFlight, rate } = limitOf(host);
    await inFlight.acquire();
    state.inFlight++;
    let outcome: FetchOutcome | undefined;
    try {
      // Holding the host's slot, wait for its next start in the window (FIFO, cancellable).
      if (rate !== undefined) await rate.acquire();
      outcome = await options.fetch(url);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      state.visits.push({ url, host, status: undefined, error: describeError(error) });
      return;
    } finally {
      state.inFlight--;
      inFlight.release();
    }
    state.visits.push({ url, host, status: outcome.status });
    if (outcome.status === 200) {
      for (const link of linksOf(outcome.body, url)) if (follow(link)) enqueue(link.href);
    }
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      const url = await queue.get();
      try {
        await visit(url);
      } finally {
        queue.taskDone();
        options.onProgress?.(state);
      }
    }
  };

  enqueue(new URL(options.root).href);
  const tasks: Array<Task<void>> = [];
  for (let i = 1; i <= workers; i++) tasks.push(createTask(worker, { name: `worker-${i}` }));
  try {
    await queue.join();
  } catch (error) {
    if (error instanceof CancelledError) state.interrupted = true;
    throw error;
  } finally {
    for (const task of tasks) task.cancel();
    await gather(tasks, { returnExceptions: true });
  }
  return state;
}

/** The `href`s of a page, resolved against its URL, without fragments. */
export function linksOf(body: string, base: string): URL[] {
  const links: URL[] = [];
  for (const match of body.matchAll(/href="([^"]+)"/g)) {
    try {
      const url = new URL(match[1] ?? "", base);
      url.hash = "";
      if (url.protocol === "http:" || url.protocol === "https:") links.push(url);
    } catch {
      // Not a URL: skip it, as a browser would.
    }
  }
  return links;
}
