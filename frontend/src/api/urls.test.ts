import { describe, expect, it } from "vitest";
import { graphqlHttpUrl, graphqlWebSocketUrl } from "./urls";

describe("GraphQL URLs", () => {
  it("derive ws: from http: and wss: from https:, keeping host and port", () => {
    expect(graphqlWebSocketUrl({ protocol: "http:", host: "127.0.0.1:8000" })).toBe("ws://127.0.0.1:8000/graphql");
    expect(graphqlWebSocketUrl({ protocol: "https:", host: "runcast.example" })).toBe("wss://runcast.example/graphql");
    expect(graphqlHttpUrl({ protocol: "https:", host: "runcast.example" })).toBe("https://runcast.example/graphql");
  });
});
