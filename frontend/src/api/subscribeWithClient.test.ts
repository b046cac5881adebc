import { CombinedError, type Client, type OperationResult } from "urql";
import { describe, expect, it, vi } from "vitest";
import { makeSubject } from "wonka";
import { RunEventsSubscription } from "../features/runs/operations";
import { events } from "../test/fixtures";
import { subscribeWithClient } from "./subscribeWithClient";

function fakeClient() {
  const subject = makeSubject<Partial<OperationResult>>();
  const subscription = vi.fn(() => subject.source);
  return { client: { subscription } as unknown as Client, subject, subscription };
}

function observer() {
  return { next: vi.fn(), error: vi.fn(), complete: vi.fn() };
}

describe("subscribeWithClient", () => {
  const start = (client: Client) =>
    subscribeWithClient(client, RunEventsSubscription, (after) => ({ runId: "run-1", after }), (data) => data.runEvents);

  it("passes the cursor as `after` and delivers each event", () => {
    const { client, subject, subscription } = fakeClient();
    const sink = observer();
    start(client)("105", sink);
    expect(subscription).toHaveBeenCalledWith(RunEventsSubscription, { runId: "run-1", after: "105" });
    const event = events.status(6, "RUNNING");
    subject.next({ data: { runEvents: event } });
    expect(sink.next).toHaveBeenCalledWith(event);
    subject.complete();
    expect(sink.complete).toHaveBeenCalledOnce();
    expect(sink.error).not.toHaveBeenCalled();
  });

  it("reports a lost connection as a network failure, once", () => {
    const { client, subject } = fakeClient();
    const sink = observer();
    start(client)(null, sink);
    subject.next({ error: new CombinedError({ networkError: new Error("socket closed") }) });
    subject.complete();
    expect(sink.error).toHaveBeenCalledWith({ kind: "network", message: "The live connection was lost." });
    expect(sink.complete).not.toHaveBeenCalled();
  });

  it("reports GraphQL errors as such", () => {
    const { client, subject } = fakeClient();
    const sink = observer();
    start(client)(null, sink);
    subject.next({ error: new CombinedError({ graphQLErrors: [{ message: "Run not found" }] }) });
    expect(sink.error).toHaveBeenCalledWith({ kind: "graphql", message: "Run not found" });
  });

  it("says nothing more once unsubscribed", () => {
    const { client, subject } = fakeClient();
    const sink = observer();
    const unsubscribe = start(client)(null, sink);
    unsubscribe();
    subject.next({ data: { runEvents: events.status(1, "PENDING") } });
    subject.complete();
    expect(sink.next).not.toHaveBeenCalled();
    expect(sink.complete).not.toHaveBeenCalled();
  });
});
