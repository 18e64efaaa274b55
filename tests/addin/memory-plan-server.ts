/**
 * The plan store's side of sync, in memory and simplified (field-level merge, tombstones, a
 * revision cursor), for adapter tests that need thousands of rows without a database. The real
 * merge is tested against DynamoDB Local in tests/functions; the browser test uses the real server.
 */
import { ulid } from 'ulid';
import { readPath, writePath } from '../../core/field-paths.js';
import {
  type Action,
  type ActionFields,
  ActionFields as ActionFieldsSchema,
  type Plan,
  Plan as PlanSchema,
} from '../../core/plan.js';
import type { Applied, Conflict, SyncReply, SyncRequest } from '../../core/sync-protocol.js';
import type { SyncTransport } from '../../core/sync-run.js';
import { fieldsOf, sameMeaning } from '../../core/sync-sheet.js';

export const COUNCIL = 'chorley';

export function buildPlan(title = 'Corporate Peer Challenge action plan 2024'): Plan {
  return PlanSchema.parse({
    id: ulid(),
    council: COUNCIL,
    title,
    reportReceived: '2024-03-01',
    onSiteFrom: null,
    onSiteTo: null,
    themes: [],
    deadlines: { actionPlanDue: '2024-04-26', sixMonthCheckIn: '2024-09-01' },
    recommendations: [],
    revision: 0,
    createdAt: '2024-03-01T09:00:00Z',
    createdBy: 'policy@chorley',
  });
}

export class MemoryPlanServer implements SyncTransport {
  rows = new Map<string, Action>();
  revision = 0;
  requests: SyncRequest[] = [];

  /** Rows already in the plan, as another officer made them. */
  seed(count: number, make: (i: number) => Partial<ActionFields>): Action[] {
    return Array.from({ length: count }, (_, i) =>
      this.put(ulid(), ActionFieldsSchema.parse({ order: i + 1, ...make(i) }), 1),
    );
  }

  list(): { cursor: number; actions: Action[] } {
    return { cursor: this.revision, actions: [...this.rows.values()].filter((a) => !a.deleted) };
  }

  /** Someone else's edit, straight into the plan. */
  edit(id: string, patch: Partial<ActionFields>): Action {
    const current = this.rows.get(id);
    if (!current) throw new Error(`no row ${id}`);
    return this.put(id, { ...fieldsOf(current), ...patch }, current.version + 1);
  }

  remove(id: string): void {
    const current = this.rows.get(id);
    if (!current) throw new Error(`no row ${id}`);
    this.put(id, fieldsOf(current), current.version + 1, true);
  }

  private put(id: string, fields: ActionFields, version: number, deleted = false): Action {
    this.revision += 1;
    const action: Action = {
      ...fields,
      id,
      version,
      revision: this.revision,
      updatedAt: new Date().toISOString(),
      updatedBy: 'someone@chorley',
      deleted,
    };
    this.rows.set(id, action);
    return action;
  }

  /** Replies by idempotency key: a request sent again is answered as it was, as the API does. */
  private replies = new Map<string, SyncReply>();

  async sync(request: SyncRequest): Promise<SyncReply> {
    this.requests.push(request);
    const earlier = this.replies.get(request.idempotencyKey);
    if (earlier) return earlier;
    const reply = this.apply(request);
    this.replies.set(request.idempotencyKey, reply);
    return reply;
  }

  private apply(request: SyncRequest): SyncReply {
    const applied: Applied[] = [];
    const conflicts: Conflict[] = [];
    for (const change of request.changes) {
      const current = this.rows.get(change.id);
      if (change.op === 'create') {
        const made = this.put(change.id, ActionFieldsSchema.parse(change.fields), 1);
        applied.push({ id: made.id, op: 'create', version: made.version });
      } else if (change.op === 'delete') {
        if (!current || current.deleted) continue;
        this.put(change.id, fieldsOf(current), current.version + 1, true);
        applied.push({ id: change.id, op: 'delete', version: current.version + 1 });
      } else if (current) {
        let fields = fieldsOf(current);
        for (const edit of change.edits) {
          const theirs = readPath(fields, edit.field);
          const moved = current.version !== change.baseVersion && !sameMeaning(theirs, edit.base);
          if (moved && !sameMeaning(theirs, edit.mine)) {
            conflicts.push({
              id: change.id,
              kind: 'field',
              field: edit.field,
              base: edit.base,
              mine: edit.mine,
              theirs,
              version: current.version,
            });
            continue;
          }
          fields = writePath(fields, edit.field, edit.mine);
        }
        const made = this.put(change.id, fields, current.version + 1);
        applied.push({ id: change.id, op: 'update', version: made.version });
      }
    }
    const changes = [...this.rows.values()].filter((a) => a.revision > request.cursor);
    return { cursor: this.revision, applied, conflicts, refused: [], changes };
  }
}
