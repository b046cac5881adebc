import { useTokenSession } from "../api/tokenSessionContext";

/** Drops the session's API token; shown only while one is kept. */
export function ForgetTokenButton() {
  const { tokenStored, forget } = useTokenSession();
  if (!tokenStored) return null;
  return (
    <button type="button" className="app-header__forget" onClick={forget}>
      Forget token
    </button>
  );
}
