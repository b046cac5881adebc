import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useQuery, useSubscription } from "urql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ForgetTokenButton } from "../components/ForgetTokenButton";
import { TokenGate } from "../components/TokenGate";
import { fakeHttpServer, type FakeHttpServerOptions } from "../test/fakeHttpServer";
import { fakeWebSocketServer } from "../test/fakeWebSocketServer";
import { API_TOKEN_KEY, ApiTokenStore } from "./apiToken";
import { AuthenticatedConnection } from "./AuthenticatedConnection";

const RIGHT = "rct_right";

function ExperimentCount() {
  const [{ data }] = useQuery<{ experiments: { totalCount: number } }>({ query: "query Count { experiments { totalCount } }" });
  return data ? <p>{data.experiments.totalCount} experiments</p> : null;
}

function LiveRuns() {
  const [{ data }] = useSubscription<{ runStatusChanges: { cursor: string } }>({
    query: 'subscription Follow { runStatusChanges(experimentId: "exp-1") { cursor } }',
  });
  return <p>{data ? `cursor ${data.runStatusChanges.cursor}` : "following"}</p>;
}

/** The app's frame in miniature: the forget button, and a page behind the token gate. */
function renderApp(page = <ExperimentCount />) {
  render(
    <AuthenticatedConnection tokens={new ApiTokenStore()}>
      <ForgetTokenButton />
      <TokenGate>{page}</TokenGate>
    </AuthenticatedConnection>,
  );
  return userEvent.setup();
}

function serve(options: Omit<FakeHttpServerOptions, "answer">) {
  const server = fakeHttpServer({ ...options, answer: () => ({ experiments: { __typename: "ExperimentConnection", totalCount: 3 } }) });
  vi.stubGlobal("fetch", server.fetch);
  return server;
}

async function enterToken(user: ReturnType<typeof userEvent.setup>, token: string): Promise<void> {
  await user.type(await screen.findByLabelText(/^API token/), token);
  await user.click(screen.getByRole("button", { name: "Use this token" }));
}

beforeEach(() => window.sessionStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe("AuthenticatedConnection", () => {
  it("never asks for a token when the server needs none", async () => {
    const server = serve({});
    renderApp();
    expect(await screen.findByText("3 experiments")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: /requires an API token/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Forget token" })).not.toBeInTheDocument();
    expect(server.received.map((request) => request.authorization)).toEqual([null]);
  });

  it("asks for a token on a 401, then sends it and shows the page", async () => {
    const server = serve({ token: RIGHT });
    const user = renderApp();
    expect(await screen.findByRole("heading", { name: "This Runcast server requires an API token" })).toBeInTheDocument();
    expect(screen.getByText(/runcast token create/)).toBeInTheDocument();

    await enterToken(user, RIGHT);

    expect(await screen.findByText("3 experiments")).toBeInTheDocument();
    expect(server.received.at(-1)?.authorization).toBe(`Bearer ${RIGHT}`);
    expect(window.sessionStorage.getItem(API_TOKEN_KEY)).toBe(RIGHT);
  });

  it("asks again when the token is not accepted, and keeps none", async () => {
    serve({ token: RIGHT });
    const user = renderApp();
    await enterToken(user, "rct_wrong");

    expect(await screen.findByRole("alert")).toHaveTextContent("That token was not accepted");
    expect(screen.getByLabelText(/^API token/)).toHaveAttribute("aria-invalid", "true");
    expect(window.sessionStorage.getItem(API_TOKEN_KEY)).toBeNull();

    await enterToken(user, RIGHT);
    expect(await screen.findByText("3 experiments")).toBeInTheDocument();
  });

  it("uses the token kept for the session without asking", async () => {
    window.sessionStorage.setItem(API_TOKEN_KEY, RIGHT);
    const server = serve({ token: RIGHT });
    renderApp();
    expect(await screen.findByText("3 experiments")).toBeInTheDocument();
    expect(server.received.map((request) => request.authorization)).toEqual([`Bearer ${RIGHT}`]);
  });

  it("forgets the token on request, and asks for one again", async () => {
    window.sessionStorage.setItem(API_TOKEN_KEY, RIGHT);
    serve({ token: RIGHT });
    const user = renderApp();
    await screen.findByText("3 experiments");

    await user.click(screen.getByRole("button", { name: "Forget token" }));

    expect(await screen.findByRole("heading", { name: /requires an API token/ })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Forget token" })).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem(API_TOKEN_KEY)).toBeNull();
  });

  it("asks for a token when the WebSocket closes with 4403, then sends it in connection_init", async () => {
    const sockets = fakeWebSocketServer({ token: RIGHT });
    vi.stubGlobal("WebSocket", sockets.WebSocket);
    const user = renderApp(<LiveRuns />);

    expect(await screen.findByRole("heading", { name: /requires an API token/ })).toBeInTheDocument();
    await enterToken(user, RIGHT);

    expect(await screen.findByText("following")).toBeInTheDocument();
    await vi.waitFor(() => expect(sockets.inits).toEqual([undefined, { authorization: `Bearer ${RIGHT}` }]));
    expect(screen.queryByRole("heading", { name: /requires an API token/ })).not.toBeInTheDocument();
  });

  it("refuses an empty token without sending anything", async () => {
    const server = serve({ token: RIGHT });
    const user = renderApp();
    await screen.findByRole("heading", { name: /requires an API token/ });
    const sent = server.received.length;

    await user.click(screen.getByRole("button", { name: "Use this token" }));

    expect(screen.getByRole("alert")).toHaveTextContent("Enter the token.");
    expect(server.received).toHaveLength(sent);
  });
});
