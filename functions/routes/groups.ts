/**
 * Every route of the API, in the order the app mounts them (and the OpenAPI document lists them),
 * each group built on first use (functions/route-groups.ts). A group's endpoints are checked
 * against the routes it builds by tests/functions/routes/groups.test.ts.
 */
import type { RouteGroup } from '../route-groups.js';
import { actionRoutes } from './actions.js';
import { councilRoutes } from './council.js';
import { exportRoutes } from './export.js';
import { healthRoutes } from './health.js';
import { meRoutes } from './me.js';
import { peopleRoutes } from './people.js';
import { planRoutes } from './plans.js';
import { problemRoutes } from './problems.js';
import { reportRoutes } from './report.js';
import { summaryRoutes } from './summary.js';
import { syncRoutes } from './sync.js';
import { syncRunRoutes } from './sync-runs.js';

const PLAN = '/councils/{council}/plans/{plan}';
const ACTION = `${PLAN}/actions/{id}`;

export const ROUTE_GROUPS: readonly RouteGroup[] = [
  {
    endpoints: [['get', '/health']],
    build: healthRoutes,
  },
  {
    endpoints: [['get', '/me']],
    build: meRoutes,
  },
  {
    endpoints: [
      ['get', '/councils/{council}/people'],
      ['get', '/councils/{council}/people/{id}'],
      ['put', '/councils/{council}/people/{id}'],
      ['delete', '/councils/{council}/people/{id}'],
    ],
    build: peopleRoutes,
  },
  {
    endpoints: [
      ['get', '/problems/'],
      ['get', '/problems/{type}'],
    ],
    build: problemRoutes,
  },
  {
    endpoints: [
      ['post', '/councils/{council}/plans'],
      ['get', '/councils/{council}/plans'],
      ['get', PLAN],
      ['patch', PLAN],
      ['post', `${PLAN}/recommendations`],
      ['post', `${PLAN}/migrations/derive-dates`],
    ],
    build: planRoutes,
  },
  {
    endpoints: [
      ['get', `${PLAN}/actions`],
      ['post', `${PLAN}/actions`],
      ['patch', ACTION],
      ['delete', ACTION],
      ['post', `${ACTION}/restore`],
      ['get', `${ACTION}/history`],
    ],
    build: actionRoutes,
  },
  {
    endpoints: [
      ['post', `${PLAN}/sync`],
      ['get', `${PLAN}/changes`],
    ],
    build: syncRoutes,
  },
  {
    endpoints: [
      ['post', '/councils/{council}/sync-runs'],
      ['get', '/councils/{council}/sync-list'],
      ['put', '/councils/{council}/sync-list'],
      ['get', '/councils/{council}/sync-runs'],
    ],
    build: syncRunRoutes,
  },
  {
    endpoints: [
      ['get', '/councils/{council}/summary'],
      ['get', '/councils/{council}/actions'],
    ],
    build: summaryRoutes,
  },
  {
    endpoints: [['get', `${PLAN}/report.html`]],
    build: reportRoutes,
  },
  {
    endpoints: [
      ['get', `${PLAN}/export.xlsx`],
      ['get', `${PLAN}/export.csv`],
    ],
    build: exportRoutes,
  },
  {
    endpoints: [
      ['get', '/councils/{council}'],
      ['patch', '/councils/{council}'],
    ],
    build: councilRoutes,
  },
];
