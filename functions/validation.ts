/** zod failures at the edge become one 400 problem that names every field and what was wrong. */
import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { problems } from './problem.js';

export function describeIssues(issues: readonly z.core.$ZodIssue[], where = 'body') {
  return issues.slice(0, 50).map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by every route, whatever its schema
export const validationHook: Hook<any, any, any, any> = (result, _c) => {
  if (result.success) return;
  const where = result.target === 'json' ? 'body' : result.target;
  const errors = describeIssues(result.error.issues, where);
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ');
  throw problems.badRequest(`Check these fields: ${summary}.`, errors);
};
