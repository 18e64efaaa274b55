import { type Action, ActionFields } from '../../core/plan.js';

/** A stored row without its keys and index attributes: the Action the API returns. */
export function toAction(item: Record<string, unknown>): Action {
  const fields = ActionFields.parse(item);
  return {
    ...fields,
    id: String(item.id),
    version: Number(item.version),
    revision: Number(item.revision),
    updatedAt: String(item.updatedAt),
    updatedBy: String(item.updatedBy),
    deleted: item.deleted === true,
  };
}
