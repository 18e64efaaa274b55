/** The pages behind problem `type` URIs: what each error means and what to do. No sign-in needed. */
import { Hono } from 'hono';
import { escapeHtml } from '../../core/report-escape.js';
import type { AppEnv } from '../app.js';
import { problemResponse, problems } from '../problem.js';
import { PROBLEM_TYPES, type ProblemType } from '../problem-types.js';

/** `code` spans in the catalogue's wording become <code>; everything else is escaped. */
const prose = (text: string) =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Peer-challenge action plans API</title>
<style>body{font:16px/1.5 "Segoe UI",system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#242424}
h1{font-size:1.5rem}code{background:#f0f0f0;padding:0 .25em;border-radius:3px}dt{font-weight:600;margin-top:1rem}</style>
</head><body>${body}</body></html>`;
}

function typePage(slug: string, type: ProblemType): string {
  return page(
    type.title,
    `<p><a href="./">All errors</a></p><h1>${escapeHtml(type.title)}</h1>
<p>HTTP ${type.status} · <code>${escapeHtml(slug)}</code></p>
<dl><dt>What it means</dt><dd>${prose(type.meaning)}</dd><dt>What to do</dt><dd>${prose(type.fix)}</dd></dl>
<p>The error's <code>detail</code> says what happened in your request; its <code>errors</code>, where present, name each field.</p>`,
  );
}

/** A Map, not the record: a slug such as `constructor` finds nothing. */
const PAGES: ReadonlyMap<string, ProblemType> = new Map(Object.entries(PROBLEM_TYPES));

export function problemRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/problems/', (c) =>
    c.html(
      page(
        'Errors',
        `<h1>Errors the API answers with</h1><p>Every error is RFC 9457 <code>application/problem+json</code>; its <code>type</code> is one of these.</p><ul>${Object.entries(
          PROBLEM_TYPES,
        )
          .map(
            ([slug, type]) =>
              `<li><a href="${escapeHtml(slug)}">${escapeHtml(type.title)}</a> (${type.status})</li>`,
          )
          .join('')}</ul>`,
      ),
    ),
  );
  app.get('/problems/:type', (c) => {
    const slug = c.req.param('type');
    const type = PAGES.get(slug);
    if (!type) return problemResponse(c, problems.notFound(`There is no error type "${slug.slice(0, 80)}".`));
    return c.html(typePage(slug, type));
  });
  return app;
}
