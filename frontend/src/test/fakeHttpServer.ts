/** One POST the fake server received. */
export interface ReceivedRequest {
  operationName: string | null;
  authorization: string | null;
}

export interface FakeHttpServerOptions {
  /** The only token it accepts; undefined: it needs none, like Runcast on loopback before any token exists. */
  token?: string;
  /** The `data` it answers an accepted request with. */
  answer: (operationName: string | null) => Record<string, unknown>;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * A `fetch` that answers like Runcast's /graphql: without `Authorization:
 * Bearer <token>` a 401 with `WWW-Authenticate: Bearer` and an
 * UNAUTHENTICATED error, otherwise `answer`'s data. Records every request.
 */
export function fakeHttpServer({ token, answer }: FakeHttpServerOptions) {
  const received: ReceivedRequest[] = [];
  const fetch = async (_input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const body = JSON.parse(String(init.body)) as { operationName?: string | null };
    const authorization = new Headers(init.headers).get("authorization");
    const operationName = body.operationName ?? null;
    received.push({ operationName, authorization });
    if (token !== undefined && authorization !== `Bearer ${token}`) {
      const message = "this server requires a token: send `Authorization: Bearer <token>`";
      return json({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] }, 401, { "www-authenticate": "Bearer" });
    }
    return json({ data: answer(operationName) });
  };
  return { fetch, received };
}
