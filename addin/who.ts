/** Who the pane says is signed in: every word from GET /me, none from the token. */
import type { Me } from '../core/client.js';

/** "Olivia Officer, officer, Chorley Council; edits Resources (assigned in plans)". */
export function whoLine(me: Me): string {
  const who = `${me.name}, ${me.role}, ${me.councilName}`;
  if (me.role !== 'officer') return who;
  const where = me.directorates.join(', ') || 'no directorate yet';
  const from = { people: ' (assigned in plans)', token: ' (from your sign-in)', none: '' }[
    me.sources.directorates
  ];
  return `${who}; edits ${where}${from}`;
}
