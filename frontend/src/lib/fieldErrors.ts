/** Where the API says an input value is wrong, as its ValidationError lists it. */
export interface ApiErrorDetail {
  location: readonly string[];
  message: string;
}

/** The parts of an API error a form can show next to its fields. */
export interface ApiFieldError {
  message: string;
  field?: string | null;
  errors?: readonly ApiErrorDetail[] | null;
}

/** Messages by form field key; FORM_LEVEL collects what no field owns. */
export type FieldErrors<K extends string> = Partial<Record<K | typeof FORM_LEVEL, string[]>>;

export const FORM_LEVEL = "_form";

/**
 * Decide which form field owns an API field path (`model.temperature`,
 * `dataset.3.variables`): the longest key that is the path or a prefix of it
 * at a dot boundary. Paths no key claims belong to the whole form.
 */
export function fieldKeyFor<K extends string>(path: string, keys: readonly K[]): K | typeof FORM_LEVEL {
  const normalised = path.startsWith("input.") ? path.slice("input.".length) : path;
  let best: K | undefined;
  for (const key of keys) {
    const owns = normalised === key || normalised.startsWith(`${key}.`);
    if (owns && (best === undefined || key.length > best.length)) best = key;
  }
  return best ?? FORM_LEVEL;
}

/**
 * Group the messages of an API error by form field. Every detail the error
 * lists is placed; a message deeper than its field (a dataset row) is prefixed
 * with the rest of its path so a person can find the row.
 */
export function fieldErrorsFrom<K extends string>(error: ApiFieldError, keys: readonly K[]): FieldErrors<K> {
  const details: ApiErrorDetail[] =
    error.errors && error.errors.length > 0
      ? [...error.errors]
      : [{ location: error.field ? error.field.split(".") : [], message: error.message }];

  const result: FieldErrors<K> = {};
  for (const detail of details) {
    const path = detail.location.join(".");
    const key = fieldKeyFor(path, keys);
    const owned = key === FORM_LEVEL ? 0 : key.split(".").length;
    const rest = detail.location.slice(owned + (detail.location[0] === "input" ? 1 : 0));
    const text = rest.length > 0 ? `${describePath(rest)}: ${detail.message}` : detail.message;
    const messages = (result[key] ??= []);
    if (!messages.includes(text)) messages.push(text);
  }
  return result;
}

/**
 * An API path counted for people, from 1 as the form's own checks count:
 * `["1", "variables"]` reads as "Row 2 › variables", `["1", "assertions", "0"]`
 * as "Row 2 › assertion 1".
 */
export function describePath(segments: readonly string[]): string {
  const words: string[] = [];
  segments.forEach((segment, position) => {
    if (!/^\d+$/.test(segment)) words.push(segment);
    else if (segments[position - 1] === "assertions") words[words.length - 1] = `assertion ${Number(segment) + 1}`;
    else words.push(`row ${Number(segment) + 1}`);
  });
  const text = words.join(" › ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether any field, or the form itself, has a message. */
export function hasFieldErrors<K extends string>(errors: FieldErrors<K>): boolean {
  return Object.values(errors).some((messages) => Array.isArray(messages) && messages.length > 0);
}
