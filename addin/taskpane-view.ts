/**
 * The task pane's page-building: the plan chooser, the last sync's counts, the refused rows and the
 * conflict list, as Fluent 2 controls, each labelled. No requests and no state: the controller
 * (taskpane-app.ts) hands in the data and what each button does.
 */
import type { PlanEntry } from '../core/client.js';
import type { ConflictItem, refusalItems } from './conflict-items.js';

/** Fluent 2's radio is the circle alone: a field pairs each plan's radio with its label. */
export function planRadios(doc: Document, plans: PlanEntry[], chosen: string | null): HTMLElement[] {
  return plans.map((plan) => {
    const field = doc.createElement('fluent-field');
    field.setAttribute('label-position', 'after');
    field.dataset.plan = plan.id;
    const label = doc.createElement('label');
    label.slot = 'label';
    const due = plan.deadlines.actionPlanDue ? ` (plan due ${plan.deadlines.actionPlanDue})` : '';
    label.textContent = `${plan.title}${due}`;
    const radio = doc.createElement('fluent-radio');
    radio.slot = 'input';
    radio.setAttribute('value', plan.id);
    if (plan.id === chosen) radio.setAttribute('checked', '');
    field.append(label, radio);
    return field;
  });
}

export interface SyncCounts {
  pushed: number;
  pulled: number;
  conflicts: number;
  refused: number;
}

/** The last sync's counts, one term and value each (`data-count` names the count). */
export function syncCountGroups(doc: Document, counts: SyncCounts): HTMLElement[] {
  const rows: [keyof SyncCounts, string][] = [
    ['pushed', 'Pushed'],
    ['pulled', 'Pulled'],
    ['conflicts', 'Conflicts'],
    ['refused', 'Refused'],
  ];
  return rows.map(([key, label]) => {
    const group = doc.createElement('div');
    const term = doc.createElement('dt');
    term.textContent = label;
    const detail = doc.createElement('dd');
    detail.dataset.count = key;
    detail.textContent = String(counts[key]);
    group.append(term, detail);
    return group;
  });
}

/** One line a row the plan refused, with what the officer had typed when it was put back. */
export function refusalLines(doc: Document, items: ReturnType<typeof refusalItems>): HTMLElement[] {
  return items.map((item) => {
    const li = doc.createElement('li');
    const typed = item.typed ? ` You had typed ${item.typed}; the plan's value was put back.` : '';
    li.textContent = `${item.row}: ${item.reason}.${typed}`;
    return li;
  });
}

export interface ConflictHandlers {
  goToCell(item: ConflictItem): void;
  keepMine(item: ConflictItem): void;
  takeTheirs(item: ConflictItem): void;
}

/** One entry a conflict: the cell (a button that selects it), both values, Keep mine and Take theirs. */
export function conflictEntries(doc: Document, items: ConflictItem[], on: ConflictHandlers): HTMLElement[] {
  return items.map((item) => {
    const li = doc.createElement('li');
    li.className = 'conflict-item';
    li.dataset.conflict = item.key;
    const go = doc.createElement('button');
    go.type = 'button';
    go.className = 'conflict-row';
    go.textContent = `${item.row}: ${item.field}`;
    go.setAttribute('aria-label', `Go to the cell: ${go.textContent}`);
    go.addEventListener('click', () => on.goToCell(item));
    const values = doc.createElement('dl');
    values.className = 'conflict-values';
    for (const [label, text, key] of [
      ['Yours', item.yours, 'yours'],
      ['Kept', item.kept, 'kept'],
    ] as const) {
      const term = doc.createElement('dt');
      term.textContent = `${label}:`;
      const detail = doc.createElement('dd');
      detail.dataset.value = key;
      detail.textContent = text;
      values.append(term, detail);
    }
    const actions = doc.createElement('div');
    actions.className = 'actions';
    const keep = doc.createElement('fluent-button');
    keep.textContent = 'Keep mine';
    keep.setAttribute('appearance', 'primary');
    keep.setAttribute('aria-label', `Keep mine for ${item.field} of "${item.row}"`);
    keep.addEventListener('click', () => on.keepMine(item));
    const take = doc.createElement('fluent-button');
    take.textContent = 'Take theirs';
    take.setAttribute('aria-label', `Take theirs for ${item.field} of "${item.row}"`);
    take.addEventListener('click', () => on.takeTheirs(item));
    actions.append(keep, take);
    li.append(go, values, actions);
    return li;
  });
}
