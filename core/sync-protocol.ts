/**
 * The sync wire format, shared by the server and every client (CLI, add-in): one request carries
 * the client's changes and cursor; one reply carries what was applied, conflicts, refusals and
 * every row changed since the cursor.
 */
import { z } from 'zod';
import { Action, ActionFields, ExtraText, Ulid } from './plan.js';

/** At most this many changes in one request; a bigger sheet syncs in several requests. */
export const MAX_SYNC_CHANGES = 5_000;

/** The fields a sync edits one by one; unknown columns travel as `extra.<heading>`. */
export const EDITABLE_FIELDS = [
  'theme',
  'action',
  'recommendations',
  'directorate',
  'lead',
  'timescale',
  'due',
  'milestones',
  'status',
  'progress',
  'order',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const EXTRA_PREFIX = 'extra.';

/** A field path: an ActionFields key, or `extra.<heading>` for a column the product does not know. */
export const FieldPath = z
  .string()
  .max(220)
  .refine(
    (path) =>
      (EDITABLE_FIELDS as readonly string[]).includes(path) ||
      (path.startsWith(EXTRA_PREFIX) && path.length > EXTRA_PREFIX.length),
    { message: `must be one of ${EDITABLE_FIELDS.join(', ')}, or extra.<column heading>` },
  );

export function extraKey(path: string): string | null {
  return path.startsWith(EXTRA_PREFIX) ? path.slice(EXTRA_PREFIX.length) : null;
}

export const extraPath = (heading: string) => `${EXTRA_PREFIX}${heading}`;

/** The schema one field's value must meet: a field edit is checked like the field itself. */
export function schemaOfPath(path: string): z.ZodType {
  const key = extraKey(path);
  if (key !== null) return ExtraText.nullable();
  return ActionFields.shape[path as EditableField].unwrap();
}

export const FieldEdit = z
  .object({ field: FieldPath, base: z.unknown(), mine: z.unknown() })
  .superRefine((edit, ctx) => {
    if (!FieldPath.safeParse(edit.field).success) return;
    const result = schemaOfPath(edit.field).safeParse(edit.mine);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ ...issue, path: ['mine', ...issue.path] } as never);
    }
  });
export type FieldEdit = z.infer<typeof FieldEdit>;

export const SyncChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), id: Ulid, fields: ActionFields }).strict(),
  z
    .object({
      op: z.literal('update'),
      id: Ulid,
      baseVersion: z.number().int().positive(),
      edits: z.array(FieldEdit).min(1).max(100),
    })
    .strict(),
  z.object({ op: z.literal('delete'), id: Ulid, baseVersion: z.number().int().positive() }).strict(),
]);
export type SyncChange = z.infer<typeof SyncChange>;

/** A file name as a person reads it in history: bounded, on one line. */
export const MAX_WORKBOOK_NAME = 200;
export const WorkbookName = z
  .string()
  .min(1)
  .max(MAX_WORKBOOK_NAME)
  .regex(/^[^\p{Cc}]+$/u, 'must be one line of printable characters');

export const SyncRequest = z
  .object({
    cursor: z.number().int().nonnegative(),
    changes: z
      .array(SyncChange)
      .max(MAX_SYNC_CHANGES, `send at most ${MAX_SYNC_CHANGES} changes in one sync`),
    idempotencyKey: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{8,128}$/,
        'must be 8-128 letters, digits, dots, colons, dashes or underscores',
      ),
    /** false: push only, and leave the cursor where it is (a bulk import wants no rows back). */
    pull: z.boolean().optional(),
    /**
     * The workbook's file name, so history can say on behalf of which workbook an application
     * (a scheduled sync) made a change. Ignored for a person, whose changes are their own.
     */
    workbook: WorkbookName.optional(),
  })
  .strict();
export type SyncRequest = z.infer<typeof SyncRequest>;

export const Conflict = z.object({
  id: Ulid,
  /** "field": both sides changed it differently; "deleted": one side deleted a row the other edited. */
  kind: z.enum(['field', 'deleted']),
  field: z.string(),
  base: z.unknown(),
  mine: z.unknown(),
  theirs: z.unknown(),
  /** The server version the conflict was found at: resolve by syncing the chosen value on top of it. */
  version: z.number().int(),
});
export type Conflict = z.infer<typeof Conflict>;

export const Refusal = z.object({ id: Ulid, reason: z.string() });
export type Refusal = z.infer<typeof Refusal>;

export const Applied = z.object({
  id: Ulid,
  op: z.enum(['create', 'update', 'delete', 'restore']),
  version: z.number(),
});
export type Applied = z.infer<typeof Applied>;

/** Something the plan accepted but a person should know about, e.g. a link to a recommendation it does not have. */
export const RowWarning = z.object({ id: Ulid, message: z.string() });
export type RowWarning = z.infer<typeof RowWarning>;

export const SyncReply = z.object({
  cursor: z.number().int().nonnegative(),
  applied: z.array(Applied),
  conflicts: z.array(Conflict),
  refused: z.array(Refusal),
  /** Per applied row; absent from servers before it was added. */
  warnings: z.array(RowWarning).optional(),
  /** Every row changed since the request's cursor, tombstones included, as the server now has it. */
  changes: z.array(Action),
});
export type SyncReply = z.infer<typeof SyncReply>;
