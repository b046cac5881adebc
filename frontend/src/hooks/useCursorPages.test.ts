import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useCursorPages } from "./useCursorPages";

describe("useCursorPages", () => {
  it("walks forward by end cursors and back again", () => {
    const { result } = renderHook(() => useCursorPages(""));
    expect(result.current).toMatchObject({ after: null, page: 1 });
    act(() => result.current.next("c20"));
    act(() => result.current.next("c40"));
    expect(result.current).toMatchObject({ after: "c40", page: 3 });
    act(() => result.current.previous());
    expect(result.current).toMatchObject({ after: "c20", page: 2 });
    act(() => result.current.previous());
    act(() => result.current.previous());
    expect(result.current).toMatchObject({ after: null, page: 1 });
  });

  it("starts over when the search changes", () => {
    const { result, rerender } = renderHook(({ search }) => useCursorPages(search), { initialProps: { search: "a" } });
    act(() => result.current.next("c20"));
    rerender({ search: "ab" });
    expect(result.current).toMatchObject({ after: null, page: 1 });
    act(() => result.current.next("d20"));
    expect(result.current).toMatchObject({ after: "d20", page: 2 });
  });
});
