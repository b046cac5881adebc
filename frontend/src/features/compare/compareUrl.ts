/** The compare page for `other` measured against `base`. */
export function compareUrl(baseId: string, otherId: string): string {
  return `/compare?${new URLSearchParams({ base: baseId, other: otherId }).toString()}`;
}
