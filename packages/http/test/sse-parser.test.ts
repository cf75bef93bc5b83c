// The WHATWG HTML "Interpreting an event stream" rules (§9.2.6), case by case, with the
// examples of the spec (§9.2.4 "Parsing an event stream", §9.2.5 "Interpreting ...") and
// the web-platform-tests eventsource/format-* cases.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseParser, type ServerSentEvent } from "../src/index.js";

function parse(...chunks: Array<string | Uint8Array>): ServerSentEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

const message = (data: string, lastEventId = "", type = "message"): ServerSentEvent => ({
  type,
  data,
  lastEventId,
});

describe("SseParser", () => {
  it("joins data lines with LF, without a trailing one (spec: the 'YHOO' example)", () => {
    expect(parse("data: YHOO\ndata: +2\ndata: 10\n\n")).toEqual([message("YHOO\n+2\n10")]);
  });

  it("treats CRLF, LF and CR alike as line ends (format-newlines)", () => {
    expect(parse("data:a\r\ndata:b\rdata:c\n\r\n")).toEqual([message("a\nb\nc")]);
    expect(parse("data: x\r\r")).toEqual([message("x")]);
  });

  it("does not see two line ends in a CRLF split between chunks", () => {
    expect(parse("data: a\r", "\ndata: b\r", "\n\r", "\n")).toEqual([message("a\nb")]);
    expect(parse("data: a\r", new Uint8Array(0), "\ndata: b\n\n")).toEqual([message("a\nb")]);
  });

  it("dispatches only on an empty line; a block the stream ends in is dropped", () => {
    expect(parse("data: first\n\ndata: second")).toEqual([message("first")]);
    expect(parse("data: first\n\ndata: second\n")).toEqual([message("first")]);
  });

  it("ignores comments (a leading colon), also between data lines", () => {
    expect(parse(": keep-alive\n\n:\ndata: a\n: x\ndata: b\n\n")).toEqual([message("a\nb")]);
  });

  it("removes one space after the colon, not two, and none when absent", () => {
    expect(parse("data:  two\n\ndata:none\n\n")).toEqual([message(" two"), message("none")]);
  });

  it("takes a line without a colon as a field with an empty value (spec: 'data' alone)", () => {
    expect(parse("data\n\ndata\ndata\n\ndata:\n\n")).toEqual([
      message(""),
      message("\n"),
      message(""),
    ]);
  });

  it("drops a block without data, and resets the event type after each block", () => {
    expect(parse("event: ping\n\ndata: x\n\n")).toEqual([message("x")]);
    expect(parse("event: token\ndata: hi\n\ndata: plain\n\n")).toEqual([
      message("hi", "", "token"),
      message("plain"),
    ]);
  });

  it("keeps the last event ID across events, and takes an empty id as a reset", () => {
    expect(parse("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")).toEqual([
      message("a", "1"),
      message("b", "1"),
      message("c", ""),
    ]);
  });

  it("ignores an id containing NUL (format-field-id-null)", () => {
    const parser = new SseParser("7");
    expect(parser.push("id: a\0b\ndata: x\n\n")).toEqual([message("x", "7")]);
  });

  it("updates the last event ID from a block without data", () => {
    const parser = new SseParser();
    expect(parser.push("id: 42\n\n")).toEqual([]);
    expect(parser.lastEventId).toBe("42");
  });

  it("accepts retry only when it is all ASCII digits (format-field-retry-bogus)", () => {
    const parser = new SseParser();
    parser.push("retry: 2500\n");
    expect(parser.retry).toBe(2500);
    for (const bogus of ["retry: 1e3\n", "retry: -1\n", "retry: 12 \n", "retry:\n", "retry: ١٢\n"])
      parser.push(bogus);
    expect(parser.retry).toBe(2500);
    parser.push("retry:0\n");
    expect(parser.retry).toBe(0);
  });

  it("ignores unknown fields and field names that differ in case", () => {
    expect(parse("Data: no\nfoo: bar\ndata: yes\n\n")).toEqual([message("yes")]);
  });

  it("drops one leading BOM, even split across chunks, but not a second one (format-bom-2)", () => {
    const bytes = new TextEncoder().encode("\uFEFFdata: 1\n\n\uFEFFdata: 2\n\ndata: 3\n\n");
    expect(parse(bytes.subarray(0, 2), bytes.subarray(2))).toEqual([message("1"), message("3")]);
  });

  it("decodes UTF-8 split inside a character, and replaces invalid bytes with U+FFFD", () => {
    const bytes = new TextEncoder().encode("data: héllo 🌍\n\n");
    expect(parse(bytes.subarray(0, 8), bytes.subarray(8, 15), bytes.subarray(15))).toEqual([
      message("héllo 🌍"),
    ]);
    expect(parse(new Uint8Array([100, 97, 116, 97, 58, 0xff, 10, 10]))).toEqual([
      message("\uFFFD"),
    ]);
  });

  it("gives the same events however the bytes are split (property)", () => {
    const line = fc.constantFrom(
      "data: a",
      "data:b",
      "data",
      "id: 3",
      "id",
      "event: x",
      ": c",
      "retry: 10",
      "",
      "",
      "data: é🌍",
    );
    const end = fc.constantFrom("\n", "\r", "\r\n");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, end), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, cuts) => {
          const bytes = new TextEncoder().encode(lines.map(([text, eol]) => text + eol).join(""));
          const whole = parse(bytes);
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const pieces: Uint8Array[] = [];
          let start = 0;
          for (const point of points) {
            pieces.push(bytes.subarray(start, point));
            start = point;
          }
          pieces.push(bytes.subarray(start));
          expect(parse(...pieces)).toEqual(whole);
        },
      ),
    );
  });
});
