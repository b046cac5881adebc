import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { percentOf, ProgressBar } from "./ProgressBar";

describe("ProgressBar", () => {
  it("counts succeeded and failed items as done", () => {
    render(<ProgressBar label="Run progress" succeeded={3} failed={1} total={8} />);
    const bar = screen.getByRole("progressbar", { name: "Run progress" });
    expect(bar).toHaveAttribute("aria-valuemin", "0");
    expect(bar).toHaveAttribute("aria-valuemax", "8");
    expect(bar).toHaveAttribute("aria-valuenow", "4");
    expect(bar).toHaveAttribute("aria-valuetext", "4 of 8 items done, 1 failed");
    expect(screen.getByText("4 / 8")).toBeInTheDocument();
    expect(screen.getByText(/1 failed/)).toBeInTheDocument();
  });

  it("draws succeeded and failed shares side by side", () => {
    const { container } = render(<ProgressBar label="p" succeeded={3} failed={1} total={8} />);
    const succeeded = container.querySelector<HTMLElement>(".progress__fill--succeeded");
    const failed = container.querySelector<HTMLElement>(".progress__fill--failed");
    expect(succeeded?.style.width).toBe("37.5%");
    expect(failed?.style.width).toBe("12.5%");
  });

  it("is full when every item is done", () => {
    const { container } = render(<ProgressBar label="p" succeeded={5} failed={0} total={5} />);
    expect(container.querySelector<HTMLElement>(".progress__fill--succeeded")?.style.width).toBe("100%");
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "5 of 5 items done");
  });

  it("handles a run without items", () => {
    render(<ProgressBar label="p" succeeded={0} failed={0} total={0} />);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "No items");
    expect(screen.getByText("No items")).toBeInTheDocument();
  });

  it("never overflows, even with inconsistent counts", () => {
    const { container } = render(<ProgressBar label="p" succeeded={4} failed={3} total={5} showCounts={false} />);
    const widths = [".progress__fill--succeeded", ".progress__fill--failed"].map(
      (selector) => parseFloat(container.querySelector<HTMLElement>(selector)?.style.width ?? "0"),
    );
    expect(widths[0]! + widths[1]!).toBeLessThanOrEqual(100);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "5");
  });
});

describe("percentOf", () => {
  it("clamps to 0–100 and is 0 without a total", () => {
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(9, 4)).toBe(100);
    expect(percentOf(-1, 4)).toBe(0);
    expect(percentOf(1, 0)).toBe(0);
  });
});
