/**
 * The events of one `text/event-stream` body, parsed as its chunks arrive.
 */
import { SseParser, type ServerSentEvent } from "../sse-parser.js";
import type { StreamReader } from "../stream-reader.js";

/**
 * Yields the events of `content` until it ends; `onChunk` sees the parser once the events
 * of each chunk were taken (its `lastEventId` and `retry` change even without an event).
 */
export async function* readEvents(
  content: StreamReader,
  lastEventId = "",
  onChunk?: (parser: SseParser) => void,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const parser = new SseParser(lastEventId);
  for (;;) {
    const chunk = await content.readAny();
    if (chunk.length === 0) return;
    yield* parser.push(chunk);
    onChunk?.(parser);
  }
}
