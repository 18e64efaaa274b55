/** Who is calling, from their verified token, and what that lets them do. */
import type { Role } from '../core/plan.js';
import { problems } from './problem.js';

export interface Caller {
  subject: string;
  name: string;
  council: string;
  role: Role;
  /** Directorates an officer may edit; empty for other roles, whose rights do not depend on it. */
  directorates: string[];
}

/** Directorates are compared as people type them: case and spacing aside. */
export const sameDirectorate = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

export function canManagePlans(caller: Caller): boolean {
  return caller.role === 'policy' || caller.role === 'admin';
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
