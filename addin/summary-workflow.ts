/**
 * Council summary: the roll-up as of the officer's today (the whole council, or an officer's
 * directorates: the server decides) into the Summary sheet, refreshed in place.
 */
import type { PlanEntry } from '../core/client.js';
import { localIsoDate } from './local-date.js';
import type { Session } from './pane-session.js';
import { planTitlesOf, summaryMessage } from './summary-rows.js';
import type { WorkbookHost } from './workbook-host.js';

/** Fetches and writes the summary, saying so between the two; returns the line to show after. */
export async function writeCouncilSummary(
  session: Session,
  host: WorkbookHost,
  plans: PlanEntry[],
  today: Date,
  say: (message: string) => void,
): Promise<string> {
  const summary = await session.client.summary(session.me.council, { asOf: localIsoDate(today) });
  say('Writing the Summary sheet…');
  const written = await host.writeSummary(summary, planTitlesOf(summary, plans));
  return summaryMessage(summary, written.sheet, session.me);
}
