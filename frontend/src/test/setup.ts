import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom does not scroll (it prints "Not implemented"); the virtualised items table sets the scroll position as it mounts.
window.scrollTo = () => {};

afterEach(() => {
  cleanup();
});
