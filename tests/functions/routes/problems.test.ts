import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../functions/app.js';
import { localAuthConfig } from '../../../functions/local/issuer.js';
import { HttpProblem, problems } from '../../../functions/problem.js';
import { PROBLEM_TYPES } from '../../../functions/problem-types.js';
import { createTestApi, type TestApi } from '../../support/app.js';
import { issuerKeys } from '../../support/keys.js';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi('problems');
});

describe('problem type pages', () => {
  it('when the API can answer a problem, then its type has a page with the same status', () => {
    const made = Object.values(problems).map((make) =>
      (make as (...args: unknown[]) => HttpProblem)('detail', [], null),
    );
    for (const problem of made) {
      expect(problem).toBeInstanceOf(HttpProblem);
      expect(PROBLEM_TYPES[problem.type], problem.type).toMatchObject({ status: problem.status });
    }
  });

  it('when an error answers, then its type URI resolves to a page saying what it means and what to do', async () => {
    const problem = await (await api.request('/councils/chorley/plans')).json();
    expect(problem.type).toBe('http://localhost/problems/unauthorized');
    const res = await api.request(new URL(problem.type).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>Sign-in needed</h1>');
    expect(html).toContain('What to do');
    expect(html).toContain('<code>plans login</code>');
  });

  it('when the index is asked for, then it links every type', async () => {
    const html = await (await api.request('/problems/')).text();
    for (const slug of Object.keys(PROBLEM_TYPES)) expect(html).toContain(`href="${slug}"`);
  });

  it('when a type does not exist, then 404 problem+json, with the name escaped and cut short', async () => {
    const res = await api.request(`/problems/${'x'.repeat(300)}<b>`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toHaveLength('There is no error type "".'.length + 80);
    expect((await api.request('/problems/constructor')).status).toBe(404);
  });

  it('when the deployment names a base for problem types, then types point there', async () => {
    const app = createApp({
      store: api.store,
      auth: localAuthConfig(await issuerKeys()),
      problemTypeBase: 'https://plans.council.gov.uk/errors/',
    });
    const problem = await (await app.request('/councils/chorley/plans')).json();
    expect(problem.type).toBe('https://plans.council.gov.uk/errors/unauthorized');
  });
});
