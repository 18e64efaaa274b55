/**
 * The management screens' page-building: plan buttons, the plan's date fields, the recommendation
 * register and the people list, as Fluent 2 controls, each labelled. No requests: the controller
 * (manage-pane.ts) hands in what to do on each button.
 */
import type { PlanEntry } from '../core/client.js';
import type { Person, Plan, Recommendation } from '../core/plan.js';
import { PLAN_DATES, personLine } from './manage-rules.js';

type Field = HTMLElement & { value: string };

export function textInput(doc: Document, id: string, label: string, value: string): Field {
  const input = doc.createElement('fluent-text-input') as Field;
  input.id = id;
  input.textContent = label;
  input.setAttribute('value', value);
  input.value = value;
  return input;
}

function textArea(doc: Document, id: string, label: string, value: string): Field {
  const area = doc.createElement('fluent-textarea') as Field;
  area.id = id;
  area.setAttribute('resize', 'vertical');
  area.setAttribute('block', '');
  const text = doc.createElement('fluent-label');
  text.slot = 'label';
  text.textContent = label;
  area.append(text);
  area.value = value;
  return area;
}

function button(
  doc: Document,
  text: string,
  label: string,
  onClick: () => void,
  primary = false,
): HTMLElement {
  const b = doc.createElement('fluent-button');
  b.textContent = text;
  b.setAttribute('aria-label', label);
  if (primary) b.setAttribute('appearance', 'primary');
  b.addEventListener('click', onClick);
  return b;
}

/** One button a plan: it opens the plan's details. */
export function planButtons(doc: Document, plans: PlanEntry[], open: (id: string) => void): HTMLElement[] {
  return plans.map((plan) => {
    const li = doc.createElement('li');
    li.dataset.plan = plan.id;
    li.append(button(doc, plan.title, `Details of "${plan.title}"`, () => open(plan.id)));
    return li;
  });
}

/** The plan's dates as fields, named plan-<field>, holding what the plan records. */
export function dateFields(doc: Document, plan: Plan): HTMLElement[] {
  return PLAN_DATES.map(([field, label]) => textInput(doc, `plan-${field}`, label, plan[field] ?? ''));
}

/** One register entry: its number, its text to edit, and Save. */
export function recommendationItem(
  doc: Document,
  recommendation: Recommendation,
  save: (text: string) => void,
): HTMLElement {
  const li = doc.createElement('li');
  li.className = 'manage-item';
  li.dataset.recommendation = recommendation.number;
  const heading = doc.createElement('h4');
  heading.textContent = `Recommendation ${recommendation.number}${recommendation.code ? ` (${recommendation.code})` : ''}`;
  const area = textArea(
    doc,
    `recommendation-${recommendation.number}-text`,
    `Text of recommendation ${recommendation.number}`,
    recommendation.text,
  );
  const actions = doc.createElement('div');
  actions.className = 'actions';
  actions.append(button(doc, 'Save', `Save recommendation ${recommendation.number}`, () => save(area.value)));
  li.append(heading, area, actions);
  return li;
}

/** One person: who they are, their name and directorates to edit, Save and Remove. */
export function personItem(
  doc: Document,
  person: Person,
  handlers: { save: (name: string, directorates: string) => void; remove: () => void },
): HTMLElement {
  const li = doc.createElement('li');
  li.className = 'manage-item';
  li.dataset.person = person.id;
  const line = doc.createElement('p');
  line.className = 'person-line';
  line.textContent = personLine(person);
  // A person's id may hold characters (@, :) that make awkward element ids.
  const key = encodeURIComponent(person.id).replace(/%/g, '_');
  const name = textInput(doc, `person-${key}-name`, `Name of ${person.name}`, person.name);
  const directorates = textInput(
    doc,
    `person-${key}-directorates`,
    `Directorates of ${person.name} (separated by commas)`,
    person.directorates.join(', '),
  );
  const actions = doc.createElement('div');
  actions.className = 'actions';
  actions.append(
    button(doc, 'Save', `Save ${person.name}`, () => handlers.save(name.value, directorates.value), true),
    button(doc, 'Remove', `Remove ${person.name}'s assignment`, handlers.remove),
  );
  li.append(line, name, directorates, actions);
  return li;
}
