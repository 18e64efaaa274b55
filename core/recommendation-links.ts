/**
 * An action answers recommendations of its plan's register. A link to a number the register does
 * not have is accepted (the register may be filled in later) but said out loud, per row, and listed
 * in the summary: otherwise it is only found when the report calls the action "Not linked".
 */
import type { Recommendation } from './plan.js';

/** The register's numbers and codes, as links are compared: case aside. */
export function registerKeys(register: readonly Pick<Recommendation, 'number' | 'code'>[]): Set<string> {
  const keys = new Set<string>();
  for (const r of register) {
    keys.add(r.number.trim().toLowerCase());
    if (r.code) keys.add(r.code.trim().toLowerCase());
  }
  return keys;
}

/** The linked numbers the register does not have, as the action writes them. */
export function danglingLinks(recommendations: readonly string[], register: Set<string>): string[] {
  return recommendations.filter((n) => !register.has(n.trim().toLowerCase()));
}

/** What the reply says about a row's dangling links, or null when every link is in the register. */
export function danglingWarning(dangling: readonly string[]): string | null {
  if (dangling.length === 0) return null;
  if (dangling.length === 1)
    return `linked to recommendation ${dangling[0]}, which the plan's register does not have: add it to the register or correct the link`;
  const list = `${dangling.slice(0, -1).join(', ')} and ${dangling.at(-1)}`;
  return `linked to recommendations ${list}, which the plan's register does not have: add them to the register or correct the links`;
}
