/**
 * Reading and writing one field of a row by its sync path (`status`, `extra.Budget`). An extra
 * field's heading is the officer's text, so it is looked up as an own key only (`constructor` must
 * not find Object's) and written by defining it (`__proto__` must not set the prototype).
 */
import { ACTION_FIELDS, type ActionFields } from './plan.js';
import { extraKey } from './sync-protocol.js';

/** The text under an extra heading, or null when the row has none. */
export function extraValue(extra: Readonly<Record<string, string>>, heading: string): string | null {
  return Object.hasOwn(extra, heading) ? (extra[heading] as string) : null;
}

/** A copy of `extra` with one heading set to `value`, or left out when the value is blank. */
export function withExtra(
  extra: Readonly<Record<string, string>>,
  heading: string,
  value: string | null,
): Record<string, string> {
  const entries = Object.entries(extra).filter(([key]) => key !== heading);
  if (value !== null && value !== '') entries.push([heading, value]);
  return Object.fromEntries(entries);
}

export function readPath(fields: ActionFields, path: string): unknown {
  const key = extraKey(path);
  if (key !== null) return extraValue(fields.extra, key);
  return fields[path as keyof ActionFields];
}

export function writePath(fields: ActionFields, path: string, value: unknown): ActionFields {
  const key = extraKey(path);
  if (key !== null) {
    const text = value === null || value === undefined ? null : String(value);
    return { ...fields, extra: withExtra(fields.extra, key, text) };
  }
  return { ...fields, [path]: value };
}

/** Every path a row has: its fields, with `extra` opened up into one path per heading. */
export function pathsOf(fields: ActionFields): string[] {
  return [
    ...ACTION_FIELDS.filter((f) => f !== 'extra'),
    ...Object.keys(fields.extra).map((k) => `extra.${k}`),
  ];
}
