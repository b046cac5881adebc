import { createContext, useContext } from "react";
import type { TokenPromptReason } from "../hooks/useApiToken";

/** What the app's frame needs of the session's API token. */
export interface TokenSession {
  /** Set while the server waits for a token (see TokenGate). */
  prompt: TokenPromptReason | null;
  tokenStored: boolean;
  submit: (token: string) => void;
  forget: () => void;
}

/** No token and nothing to ask: the default for components tested alone. */
export const TokenSessionContext = createContext<TokenSession>({
  prompt: null,
  tokenStored: false,
  submit: () => {},
  forget: () => {},
});

export function useTokenSession(): TokenSession {
  return useContext(TokenSessionContext);
}
