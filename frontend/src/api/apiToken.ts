/** Where the browser session keeps the API token; the app and GraphiQL share it. */
export const API_TOKEN_KEY = "runcast.apiToken";

/** The `Authorization` header value (and `connection_init` entry) for a token. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/**
 * The API token of this browser session, in sessionStorage: it survives a
 * reload and a move between the app and GraphiQL, and is gone with the tab.
 * React reads it through useSyncExternalStore.
 */
export class ApiTokenStore {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Storage = window.sessionStorage) {}

  getSnapshot = (): string | null => this.storage.getItem(API_TOKEN_KEY);

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  store(token: string): void {
    this.storage.setItem(API_TOKEN_KEY, token);
    this.changed();
  }

  forget(): void {
    this.storage.removeItem(API_TOKEN_KEY);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
