/**
 * Due dates and milestones are derived from the timescale, on the server, on every write.
 *
 * A due date is an override (typed by hand) when it differs from the date the timescale gives;
 * nothing else is stored: the row keeps its `due`, and whether it is an override is read from the
 * row itself. So an override needs no field of its own to sync, merge or conflict on, and a row
 * written before this rule is judged the same way. Clearing the due date returns to the derived
 * one; a due date that equals the derived one follows the timescale when it changes. Milestones
 * are always what the timescale says.
 */
import type { ActionFields, Milestone } from './plan.js';
import { readTimescale } from './timescale.js';

export interface DerivedDates {
  due: string | null;
  milestones: Milestone[];
}

/** Timescale text repeats down a plan: each distinct text is read once. */
const MAX_KEPT = 10_000;
const readings = new Map<string, DerivedDates>();

/** What the timescale says: its due date (the latest it names) and its milestones (when it names several). */
export function datesFromTimescale(timescale: string): DerivedDates {
  let dates = readings.get(timescale);
  if (!dates) {
    if (readings.size >= MAX_KEPT) readings.clear();
    const reading = readTimescale(timescale);
    dates = { due: reading.due, milestones: reading.milestones };
    readings.set(timescale, dates);
  }
  return { due: dates.due, milestones: dates.milestones.map((m) => ({ ...m })) };
}

/** The due date was typed by hand: it is not what the timescale says. */
export function dueSetByHand(fields: Pick<ActionFields, 'due' | 'timescale'>): boolean {
  return fields.due !== null && fields.due !== datesFromTimescale(fields.timescale).due;
}

/**
 * A row as it is written: `after` is what the writer asked for, `before` the row as stored (null for
 * a new row). Due follows the timescale unless it was set by hand; clearing it returns to the
 * derived date; milestones are the timescale's.
 */
export function withDerivedDates<T extends ActionFields>(before: ActionFields | null, after: T): T {
  const derived = datesFromTimescale(after.timescale);
  return { ...after, due: dueAfter(before, after, derived.due), milestones: derived.milestones };
}

function dueAfter(before: ActionFields | null, after: ActionFields, derived: string | null): string | null {
  if (after.due === null) return derived;
  const timescaleMoved = before !== null && before.timescale !== after.timescale;
  const dueUntouched = before !== null && before.due === after.due;
  if (timescaleMoved && dueUntouched && !dueSetByHand(before)) return derived;
  return after.due;
}
