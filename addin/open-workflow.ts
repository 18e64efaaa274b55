/**
 * Open plan: the chosen plan and its actions into a new sheet, which then syncs with it.
 */
import type { PlanEntry } from '../core/client.js';
import type { Session } from './pane-session.js';
import type { PlacedSheet, WorkbookHost } from './workbook-host.js';

export interface Opened {
  placed: PlacedSheet;
  message: string;
}

export async function openPlan(
  session: Session,
  host: WorkbookHost,
  api: string,
  entry: PlanEntry,
): Promise<Opened> {
  const [plan, list] = await Promise.all([
    session.client.getPlan(entry.council, entry.id),
    session.client.listActions(entry.council, entry.id),
  ]);
  const placed = await host.openPlan(plan, list, { api, directorates: session.me.directorates });
  return { placed, message: openedMessage(plan.title, placed) };
}

export const openedMessage = (title: string, placed: PlacedSheet) =>
  `Opened "${title}" in the sheet "${placed.meta.sheet}" with ${placed.rows} rows.`;
