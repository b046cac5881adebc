import { beforeEach, describe, expect, it, vi } from "vitest";
import { API_TOKEN_KEY, ApiTokenStore, bearer } from "./apiToken";

beforeEach(() => window.sessionStorage.clear());

describe("ApiTokenStore", () => {
  it("keeps the token in sessionStorage, where another page's store finds it", () => {
    new ApiTokenStore().store("rct_secret");
    expect(window.sessionStorage.getItem(API_TOKEN_KEY)).toBe("rct_secret");
    expect(new ApiTokenStore().getSnapshot()).toBe("rct_secret");
  });

  it("forgets the token", () => {
    const tokens = new ApiTokenStore();
    tokens.store("rct_secret");
    tokens.forget();
    expect(tokens.getSnapshot()).toBeNull();
    expect(window.sessionStorage.getItem(API_TOKEN_KEY)).toBeNull();
  });

  it("tells its subscribers of every change until they leave", () => {
    const tokens = new ApiTokenStore();
    const listener = vi.fn();
    const leave = tokens.subscribe(listener);
    tokens.store("rct_secret");
    tokens.forget();
    leave();
    tokens.store("rct_other");
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe("bearer", () => {
  it("makes the Authorization value of a token", () => {
    expect(bearer("rct_secret")).toBe("Bearer rct_secret");
  });
});
