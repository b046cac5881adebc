import { useState, type FormEvent } from "react";
import type { TokenPromptReason } from "../hooks/useApiToken";
import { Field } from "./Field";
import "./TokenPrompt.css";

const REJECTED = "That token was not accepted. Check it, or ask for a new one.";
const EMPTY = "Enter the token.";

/**
 * Asks for the API token a server requires; shown instead of what needs
 * it, by the app and by GraphiQL. Knows nothing of where the token goes.
 */
export function TokenPrompt({ reason, onSubmit }: { reason: TokenPromptReason; onSubmit: (token: string) => void }) {
  const [token, setToken] = useState("");
  const [empty, setEmpty] = useState(false);
  const errors = empty ? [EMPTY] : reason === "rejected" ? [REJECTED] : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entered = token.trim();
    if (entered === "") setEmpty(true);
    else onSubmit(entered);
  };

  return (
    <section className="token-prompt card" aria-labelledby="token-prompt-title">
      <h1 id="token-prompt-title" className="token-prompt__title">
        This Runcast server requires an API token
      </h1>
      {errors && (
        <p className="notice notice--error" role="alert">
          {errors[0]}
        </p>
      )}
      <form className="token-prompt__form" onSubmit={submit} noValidate>
        <Field
          id="api-token"
          label="API token"
          required
          errors={errors}
          hint={
            <>
              Whoever runs the server creates one with <code>runcast token create --name NAME</code> (add{" "}
              <code>--read-only</code> for a token that may look but not change anything); its secret, starting{" "}
              <code>rct_</code>, is printed once. This browser tab keeps it until you close the tab or forget it.
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              type="password"
              name="token"
              value={token}
              onChange={(event) => {
                setToken(event.target.value);
                setEmpty(false);
              }}
              autoComplete="off"
              spellCheck={false}
              aria-required="true"
              autoFocus
            />
          )}
        </Field>
        <div>
          <button type="submit" className="button">
            Use this token
          </button>
        </div>
      </form>
    </section>
  );
}
