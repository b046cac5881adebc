import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeHttpServer } from "../test/fakeHttpServer";
import { runcastFetcher } from "./fetcher";

const PARAMS = { query: "{ experiments { totalCount } }", operationName: null };

function serve(token: string) {
  const server = fakeHttpServer({ token, answer: () => ({ experiments: { totalCount: 2 } }) });
  vi.stubGlobal("fetch", server.fetch);
  return server;
}

/** What GraphiQL would show for the query: the fetcher's one answer, however it comes. */
async function run(fetcher: ReturnType<typeof runcastFetcher>): Promise<unknown> {
  const result = await fetcher(PARAMS, {});
  if (typeof result === "object" && result !== null && Symbol.asyncIterator in result) {
    for await (const part of result as AsyncIterable<unknown>) return part;
  }
  return result;
}

afterEach(() => vi.unstubAllGlobals());

describe("runcastFetcher", () => {
  it("sends the token as a bearer Authorization header", async () => {
    const server = serve("rct_right");
    const onUnauthorized = vi.fn();
    expect(await run(runcastFetcher("rct_right", onUnauthorized))).toEqual({ data: { experiments: { totalCount: 2 } } });
    expect(server.received.map((request) => request.authorization)).toEqual(["Bearer rct_right"]);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("reports a 401", async () => {
    const server = serve("rct_right");
    const onUnauthorized = vi.fn();
    await run(runcastFetcher(null, onUnauthorized));
    expect(server.received.map((request) => request.authorization)).toEqual([null]);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});
