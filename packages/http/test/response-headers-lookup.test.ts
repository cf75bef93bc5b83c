// ResponseHeaders answers get()/has() from undici's raw list until something needs the
// whole map (getAll, iteration, toJSON): both must give the same answers, with the case
// rules of the map (latin1 lower-casing of each name).
import { describe, expect, it } from "vitest";
import { ResponseHeaders } from "../src/index.js";

function raw(): Buffer[] {
  return [
    Buffer.from("Content-Type"),
    Buffer.from("text/plain; charset=utf-8"),
    Buffer.from("VARY"),
    Buffer.from("accept"),
    Buffer.from("vary"),
    Buffer.from("origin"),
    Buffer.from("a^b"),
    Buffer.from("caret"),
    Buffer.from([0xc9, 0x54, 0x41, 0x54]), // "ÉTAT" in latin1
    Buffer.from("latin1"),
    Buffer.from("Empty"),
    Buffer.from(""),
  ];
}

const QUESTIONS = [
  "content-type",
  "CONTENT-TYPE",
  "Vary",
  "a^b",
  "a~b",
  "A^B",
  "état",
  "ÉTAT",
  "empty",
  "missing",
  "content-typ",
];

describe("ResponseHeaders lookups", () => {
  it("get() and has() from the raw list agree with the built map", () => {
    const scanned = new ResponseHeaders(raw());
    const answers = QUESTIONS.map((name) => [scanned.get(name), scanned.has(name)]);
    const mapped = new ResponseHeaders(raw());
    expect(mapped.getAll("vary")).toEqual(["accept", "origin"]); // builds the map
    expect(QUESTIONS.map((name) => [mapped.get(name), mapped.has(name)])).toEqual(answers);
    expect(answers).toEqual([
      ["text/plain; charset=utf-8", true],
      ["text/plain; charset=utf-8", true],
      ["accept, origin", true],
      ["caret", true],
      [null, false],
      ["caret", true],
      ["latin1", true],
      ["latin1", true],
      ["", true],
      [null, false],
      [null, false],
    ]);
  });

  it("headers given as an object are found by any case of their name", () => {
    const headers = new ResponseHeaders({ "X-Thing": "1", "set-cookie": ["a=1", "b=2"] });
    expect(headers.get("x-thing")).toBe("1");
    expect(headers.get("Set-Cookie")).toBe("a=1, b=2");
    expect(headers.has("X-THING")).toBe(true);
    expect(headers.has("x-other")).toBe(false);
  });
});
