import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrameBatch } from "./frameBatch";

describe("FrameBatch", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["requestAnimationFrame", "cancelAnimationFrame"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("hands over everything added before a frame together, once, when the frame comes", () => {
    const flush = vi.fn();
    const batch = new FrameBatch<number>(flush);
    const frame = vi.spyOn(window, "requestAnimationFrame");
    for (let value = 1; value <= 1_000; value++) batch.add(value);
    expect(flush).not.toHaveBeenCalled();
    expect(frame).toHaveBeenCalledTimes(1);

    vi.advanceTimersToNextFrame();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(flush.mock.calls[0]?.[0]).toHaveLength(1_000);

    vi.advanceTimersToNextFrame();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it("hands over at once when asked, and not again at the frame", () => {
    const flush = vi.fn();
    const batch = new FrameBatch<string>(flush);
    batch.add("a");
    batch.flushNow();
    expect(flush).toHaveBeenCalledWith(["a"]);
    vi.advanceTimersToNextFrame();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it("keeps what is queued when it stops waiting, for the next frame it waits for", () => {
    const flush = vi.fn();
    const batch = new FrameBatch<string>(flush);
    batch.add("a");
    batch.cancel();
    vi.advanceTimersToNextFrame();
    expect(flush).not.toHaveBeenCalled();

    batch.add("b");
    vi.advanceTimersToNextFrame();
    expect(flush).toHaveBeenCalledWith(["a", "b"]);
  });
});
