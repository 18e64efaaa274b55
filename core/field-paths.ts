/** Reading and writing one field of a row by its sync path (`status`, `extra.Budget`). */
import { ACTION_FIELDS, type ActionFields } from './plan.js';
import { extraKey } from './sync-protocol.js';

export function readPath(fields: ActionFields, path: string): unknown {
  const key = extraKey(path);
  if (key !== null) return fields.extra[key] ?? null;
  return fields[path as keyof ActionFields];
}

export function writePath(fields: ActionFields, path: string, value: unknown): ActionFields {
  const key = extraKey(path);
  if (key !== null) {
    const extra = { ...fields.extra };
    if (value === null || value === undefined || value === '') delete extra[key];
    else extra[key] = String(value);
    return { ...fields, extra };
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
