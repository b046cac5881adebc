import type { ReactNode } from "react";
import { useTokenSession } from "../api/tokenSessionContext";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import type { TokenPromptReason } from "../hooks/useApiToken";
import { TokenPrompt } from "./TokenPrompt";

function TokenPage({ reason, onSubmit }: { reason: TokenPromptReason; onSubmit: (token: string) => void }) {
  useDocumentTitle("API token");
  return <TokenPrompt reason={reason} onSubmit={onSubmit} />;
}

/** The page, or the token form while the server waits for a token. */
export function TokenGate({ children }: { children: ReactNode }) {
  const { prompt, submit } = useTokenSession();
  return prompt ? <TokenPage reason={prompt} onSubmit={submit} /> : children;
}
