/** Who is calling, from their verified token (and the council's people records), and what that lets them do. */
import type { Role } from '../core/plan.js';
import { problems } from './problem.js';

/** A person's role, or `sync`: an application (a scheduled sync) acting as itself, with no person. */
export type CallerRole = Role | 'sync';

/** Where each thing the API knows about the caller came from, as GET /me shows it. */
export interface CallerSources {
  /** `token`: a council claim (the local issuer); `tenant`: the token's tenant, mapped; `deployment`: the one council this deployment serves. */
  council: 'token' | 'tenant' | 'deployment';
  /** The person record's name, else the token's. */
  name: 'people' | 'token';
  /** `people`: the council's assignment in this product; `token`: a directorates claim; `none`: neither. */
  directorates: 'people' | 'token' | 'none';
}

export interface Caller {
  /** The stable identity kept in idempotency keys: `tid/oid` for Entra ID, `sub` for the local issuer. */
  subject: string;
  /** The id of the caller's people record: the Entra object id (`oid`), or the local token's `sub`. */
  id: string;
  kind: 'person' | 'application';
  name: string;
  council: string;
  role: CallerRole;
  /** Directorates an officer may edit; empty for other roles, whose rights do not depend on it. */
  directorates: string[];
  /** The token's own directorates claim, kept so /me can show both when a people record overrides it. */
  tokenDirectorates: string[];
  sources: CallerSources;
}

/** Directorates are compared as people type them: case and spacing aside. */
export const sameDirectorate = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

export function canManagePlans(caller: Caller): boolean {
  return caller.role === 'policy' || caller.role === 'admin';
}

/**
 * Admins and policy assign people to directorates. Policy may: a person's directorates never give
 * more than the policy team's own rights (officers edit within them; policy edits everything), and
 * roles themselves are assigned in Entra ID, not here.
 */
export function canManagePeople(caller: Caller): boolean {
  return caller.kind === 'person' && (caller.role === 'policy' || caller.role === 'admin');
}

export function seesAllDirectorates(caller: Caller): boolean {
  return caller.role !== 'officer';
}

/** Officers change actions only within their directorates; viewers change nothing. */
export function canEditDirectorate(caller: Caller, directorate: string): boolean {
  if (caller.role === 'viewer') return false;
  if (caller.role !== 'officer') return true;
  return caller.directorates.some((d) => sameDirectorate(d, directorate));
}

/** Why an edit of a row is refused, or null when it is allowed: before and after both count. */
export function refusalFor(caller: Caller, before: string | null, after: string): string | null {
  if (caller.role === 'viewer') return 'viewers can read the plan but not change it';
  if (before !== null && !canEditDirectorate(caller, before))
    return `this row belongs to ${before || 'no directorate'}, which you may not edit`;
  if (!canEditDirectorate(caller, after))
    return `you may not put a row in ${after ? `the ${after} directorate` : 'no directorate'}; you may edit ${caller.directorates.join(', ') || 'no directorate'}`;
  return null;
}

export function requirePlanManager(caller: Caller): void {
  if (!canManagePlans(caller))
    throw problems.forbidden('Only policy and admin users can manage plans and recommendations.');
}

export function requirePeopleManager(caller: Caller): void {
  if (!canManagePeople(caller))
    throw problems.forbidden('Only admin and policy users can assign people to directorates.');
}

/**
 * An application (the `Plans.Sync` app role) syncs and reads its council's plans (and its sync
 * list), records its sync runs, and nothing else: no plan, recommendation, single-row or people changes, whatever a route would allow a role.
 */
export function applicationMay(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return !/\/people(\/|$)/.test(path);
  if (method !== 'POST') return false;
  // A scheduled sync also records how each workbook went, in the council's sync-run log.
  return /^\/councils\/[^/]+\/plans\/[^/]+\/sync$/.test(path) || /^\/councils\/[^/]+\/sync-runs$/.test(path);
}
