import cliProgress from "cli-progress";
import type { CrawlState } from "./crawl.js";

/** A progress bar on stderr that follows a crawl: done of discovered, in flight. */
export interface CrawlProgress {
  update(state: CrawlState): void;
  stop(): void;
}

/**
 * A cli-progress bar on stderr when it is a terminal, or nothing. The total grows as links
 * are discovered.
 *
 * @example
 * ```ts
 * const progress = crawlProgress(process.stderr.isTTY);
 * await crawl({ ...options, onProgress: (state) => progress.update(state) });
 * progress.stop();
 * ```
 */
export function crawlProgress(enabled: boolean): CrawlProgress {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "crawling {bar} {value}/{total} pages | {inFlight} in flight | {failed} failed",
      hideCursor: true,
      clearOnComplete: true,
      fps: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { inFlight: 0, failed: 0 });
  return {
    update(state) {
      bar.setTotal(state.discovered.size);
      bar.update(state.visits.length, { inFlight: state.inFlight, failed: state.count("failed") });
    },
    stop() {
      bar.stop();
    },
  };
}
