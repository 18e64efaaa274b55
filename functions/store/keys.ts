/**
 * Every DynamoDB key and index attribute is built here, and only here.
 *
 *   plan            pk COUNCIL#<council>              sk PLAN#<plan>
 *                   (revision: the plan's counter; inFlight: the blocks bulk writes still hold)
 *   recommendation  pk PLAN#<council>#<plan>          sk REC#<number>
 *   action          pk PLAN#<council>#<plan>          sk ACTION#<id>
 *                   byCouncil:  councilPk = COUNCIL#<council>, councilSk = <directorate, lower case>#<plan>#<id>
 *                   (plans and recommendations too, under ~PLAN#<plan> and ~REC#<plan>#<number>)
 *   change record   pk PLAN#<council>#<plan>          sk CHANGE#<action>#<revision, 12 digits>
 *   bulk creation   pk PLAN#<council>#<plan>          sk CHANGE#~created#<first revision>   (a run of new rows)
 *   conflict        pk PLAN#<council>#<plan>          sk CHANGE#<action>#~conflict#<ulid>   (no revision)
 *                   byRevision: revPk = plan pk, revSk = revision   ("changed since N")
 *   idempotency     pk IDEMPOTENCY#<council>#<plan>#<key>  sk IDEMPOTENCY   (expiresAt TTL)
 *   sync run        pk SYNCRUNS#<council>             sk RUN#<ulid>   (expiresAt TTL; newest last)
 *   sync list       pk SYNCRUNS#<council>             sk LIST          (the council's workbooks to sync)
 *   person          pk COUNCIL#<council>              sk PERSON#<id>   (id: Entra object id, or local sub)
 *   person change   pk COUNCIL#<council>              sk PEOPLELOG#<id>#<ulid>   (the people audit trail)
 *   council profile pk COUNCIL#<council>              sk PROFILE       (its display name)
 *
 * The council is part of every plan-level key, so an id guessed from another council finds nothing.
 *
 * byRevision indexes the change records, not the rows: every revision has exactly one change record
 * (a bulk creation's covers its run),
 * so a reader sees the sequence 1, 2, 3 … and can stop at a gap the index has not caught up with yet
 * (GSIs are eventually consistent) instead of skipping a change forever.
 */
import type { IndexName } from './schema.js';

/** Index names as queries use them; their keys are in schema.ts. */
export const INDEX = { byRevision: 'byRevision', byCouncil: 'byCouncil' } as const satisfies Record<
  IndexName,
  IndexName
>;

export interface PlanRef {
  council: string;
  plan: string;
}

export const councilPk = (council: string) => `COUNCIL#${council}`;
export const planSk = (plan: string) => `PLAN#${plan}`;
export const planPk = ({ council, plan }: PlanRef) => `PLAN#${council}#${plan}`;

export const planKey = ({ council, plan }: PlanRef) => ({ pk: councilPk(council), sk: planSk(plan) });
export const recommendationKey = (ref: PlanRef, number: string) => ({ pk: planPk(ref), sk: `REC#${number}` });
export const actionKey = (ref: PlanRef, id: string) => ({ pk: planPk(ref), sk: `ACTION#${id}` });

const pad = (revision: number) => String(revision).padStart(12, '0');
export const changeKey = (ref: PlanRef, actionId: string, revision: number) => ({
  pk: planPk(ref),
  sk: `CHANGE#${actionId}#${pad(revision)}`,
});
export const changePrefix = (actionId: string) => `CHANGE#${actionId}#`;
/** A marker holding a revision no row took (see bulk-create), so the sequence stays unbroken. */
export const gapFillerKey = (ref: PlanRef, revision: number) => ({
  pk: planPk(ref),
  sk: `CHANGE#~gap#${pad(revision)}`,
});
/**
 * The change record of a run of rows created together (see bulk-create): revisions first..first+n-1
 * in one item. Each of those rows keeps `createdIn` = first, so its history can find it.
 */
export const createdRunKey = (ref: PlanRef, firstRevision: number) => ({
  pk: planPk(ref),
  sk: `CHANGE#~created#${pad(firstRevision)}`,
});
/** A conflict sits in the row's history, after its changes, under a ULID of its own. */
export const conflictKey = (ref: PlanRef, actionId: string, id: string) => ({
  pk: planPk(ref),
  sk: `CHANGE#${actionId}#~conflict#${id}`,
});

export const personKey = (council: string, id: string) => ({ pk: councilPk(council), sk: `PERSON#${id}` });
export const personChangeKey = (council: string, id: string, change: string) => ({
  pk: councilPk(council),
  sk: `PEOPLELOG#${id}#${change}`,
});
export const personChangePrefix = (id: string) => `PEOPLELOG#${id}#`;

/** The council's own item, beside its plans and people (no prefix of theirs starts PROFILE). */
export const councilProfileKey = (council: string) => ({ pk: councilPk(council), sk: 'PROFILE' });

export const idempotencyKey = (ref: PlanRef, key: string) => ({
  pk: `IDEMPOTENCY#${ref.council}#${ref.plan}#${key}`,
  sk: 'IDEMPOTENCY',
});

/** One workbook's entry in the council's sync-run log; ULIDs sort by time. */
export const syncRunKey = (council: string, id: string) => ({ pk: `SYNCRUNS#${council}`, sk: `RUN#${id}` });

/** The council's sync list, beside its run log. */
export const syncListKey = (council: string) => ({ pk: `SYNCRUNS#${council}`, sk: 'LIST' });

/** Directorates are keyed as people mean them: "Policy and Governance" and "policy and  governance" are one. */
export const directorateKey = (directorate: string) => directorate.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The byCouncil attributes. Roll-ups read a whole council in one query, or one directorate by
 * prefix; plans and recommendations sort after every directorate (under "~") so an officer's
 * query can fetch them apart from other directorates' actions.
 */
export function actionIndexAttributes(ref: PlanRef, id: string, directorate: string) {
  return { councilPk: councilPk(ref.council), councilSk: `${directorateKey(directorate)}#${ref.plan}#${id}` };
}
export const planIndexAttributes = (ref: PlanRef) => ({
  councilPk: councilPk(ref.council),
  councilSk: `~PLAN#${ref.plan}`,
});
export const recommendationIndexAttributes = (ref: PlanRef, number: string) => ({
  councilPk: councilPk(ref.council),
  councilSk: `~REC#${ref.plan}#${number}`,
});
export const COUNCIL_SK = { plans: '~PLAN#', recommendations: '~REC#', planLevel: '~' } as const;

/** The byRevision attributes of a change record. */
export function changeIndexAttributes(ref: PlanRef, revision: number) {
  return { revPk: planPk(ref), revSk: revision };
}

export const SK_PREFIX = {
  plan: 'PLAN#',
  recommendation: 'REC#',
  action: 'ACTION#',
  change: 'CHANGE#',
  person: 'PERSON#',
} as const;
