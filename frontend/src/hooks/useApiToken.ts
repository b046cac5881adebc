import { useCallback, useState, useSyncExternalStore } from "react";
import type { ApiTokenStore } from "../api/apiToken";

/** Why the token form is shown: the server wants a token, or refused the one sent. */
export type TokenPromptReason = "required" | "rejected";

export interface ApiTokenState {
  /** The token to send, or null. */
  token: string | null;
  /** Set while the server waits for a token; the form replaces what needs it. */
  prompt: TokenPromptReason | null;
  /** The server turned away a request that carried `sent` (null: none). */
  refused: (sent: string | null) => void;
  submit: (token: string) => void;
  forget: () => void;
}

/** The session's API token and whether to ask for one, for the app and GraphiQL alike. */
export function useApiToken(tokens: ApiTokenStore): ApiTokenState {
  const token = useSyncExternalStore(tokens.subscribe, tokens.getSnapshot, tokens.getSnapshot);
  const [prompt, setPrompt] = useState<TokenPromptReason | null>(null);

  const refused = useCallback(
    (sent: string | null) => {
      // A late answer to a token no longer in use says nothing about the current one.
      if (tokens.getSnapshot() !== sent) return;
      if (sent !== null) tokens.forget();
      setPrompt(sent === null ? "required" : "rejected");
    },
    [tokens],
  );
  const submit = useCallback(
    (entered: string) => {
      tokens.store(entered);
      setPrompt(null);
    },
    [tokens],
  );
  const forget = useCallback(() => tokens.forget(), [tokens]);

  return { token, prompt, refused, submit, forget };
}
