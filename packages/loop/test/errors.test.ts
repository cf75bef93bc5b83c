import { describe, expect, it } from "vitest";
import { CancelledError, InvalidStateError, RuntimeError, TimeoutError } from "../src/index.js";

describe("errors", () => {
  it("are named classes users can instanceof", () => {
    const error = new CancelledError("stop");
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("CancelledError");
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(new InvalidStateError("x").name).toBe("InvalidStateError");
    expect(new RuntimeError("x").code).toBe("ERR_AIOTS_RUNTIME");
  });

  it("recognises an instance made by another copy of the class (ESM/CJS dual package)", () => {
    const foreign = Object.create({ [Symbol.for("@aiots/loop:CancelledError")]: true }) as object;
    expect(foreign instanceof CancelledError).toBe(true);
    expect(foreign instanceof InvalidStateError).toBe(false);
  });

  it("keeps prototype semantics for subclasses that are not branded", () => {
    class SlowError extends TimeoutError {}
    expect(new SlowError("x")).toBeInstanceOf(TimeoutError);
    expect(new TimeoutError("x")).not.toBeInstanceOf(SlowError);
  });
});
