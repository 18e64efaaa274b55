import { ulid } from 'ulid';
import { newRowWrite } from '../../core/changes.js';
import { type ActionFields, ActionFields as ActionFieldsSchema } from '../../core/plan.js';
import type { RowWrite } from '../../functions/store/commit.js';

export function buildAction(overrides: Partial<ActionFields> = {}): ActionFields {
  return ActionFieldsSchema.parse({
    theme: 'Organisational development',
    action: 'Develop an Internal Communications Strategy',
    recommendations: ['4'],
    directorate: 'Policy and Governance',
    lead: 'Head of Policy',
    timescale: '2020/21 – by March 2021',
    due: '2021-03-31',
    ...overrides,
  });
}

export function buildCreate(overrides: Partial<ActionFields> = {}, id = ulid()): RowWrite {
  return newRowWrite(id, buildAction(overrides));
}
