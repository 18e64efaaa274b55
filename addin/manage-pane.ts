/**
 * The task pane's management screens for policy and admin users: a plan's details and dates, its
 * recommendation register, and which directorates people may edit. The server decides who may do
 * what (and says why when it refuses); these screens are shown only to those it would let.
 * The TaskPane starts and ends it with the session and lends it its work runner.
 */
import type { Me, PlanEntry, PlansClient } from '../core/client.js';
import type { Person, Plan } from '../core/plan.js';
import {
  deadlinesLine,
  directoratesFrom,
  managing,
  missingFromRegister,
  PLAN_DATES,
  type PlanDateField,
  planChanges,
} from './manage-rules.js';
import { dateFields, personItem, planButtons, recommendationItem } from './manage-view.js';

export interface ManageHost {
  document: Document;
  /** Runs one piece of work as the pane does: busy meanwhile, its error in plain words. */
  work(message: string, task: () => Promise<void>): Promise<void>;
  say(message: string): void;
}

type Field = HTMLElement & { value: string };

export class ManagePane {
  private session: { client: PlansClient; me: Me } | null = null;
  private plans: PlanEntry[] = [];
  private plan: Plan | null = null;
  private missing: string | null = null;
  private people: Person[] = [];

  constructor(private readonly host: ManageHost) {}

  private el<T extends HTMLElement = HTMLElement>(id: string): T {
    const found = this.host.document.getElementById(id);
    if (!found) throw new Error(`the task pane has no #${id}`);
    return found as T;
  }

  private value(id: string): string {
    return this.el<Field>(id).value ?? '';
  }

  wire(): void {
    const submit = (id: string, work: () => Promise<void>) =>
      this.el<HTMLFormElement>(id).addEventListener('submit', (event) => {
        event.preventDefault();
        void work();
      });
    submit('plan-details', () => this.savePlan());
    submit('recommendation-add', () => this.addRecommendation());
    submit('person-add', () =>
      this.assign(
        this.value('person-id').trim(),
        this.value('person-name'),
        this.value('person-directorates'),
      ),
    );
  }

  /** Signed in: load what this user may manage (nothing for officers and viewers). */
  async begin(session: { client: PlansClient; me: Me }): Promise<void> {
    this.session = session;
    const may = managing(session.me);
    const { client, me } = session;
    if (may.plans) this.plans = await client.listPlans(me.council);
    if (may.people) this.people = await client.listPeople(me.council);
    this.render();
  }

  end(): void {
    this.session = null;
    this.plans = [];
    this.plan = null;
    this.people = [];
    this.render();
  }

  private requireSession() {
    if (!this.session) throw new Error('Sign in first.');
    return this.session;
  }

  async openPlan(id: string): Promise<void> {
    await this.host.work('Opening the plan details…', async () => {
      const { client, me } = this.requireSession();
      const [plan, { actions }] = await Promise.all([
        client.getPlan(me.council, id),
        client.listActions(me.council, id),
      ]);
      this.plan = plan;
      this.missing = missingFromRegister(actions, plan.recommendations);
      this.renderPlan();
      this.host.say(`Details of "${plan.title}".`);
    });
    this.el('plan-details-title').focus();
  }

  async savePlan(): Promise<void> {
    await this.host.work('Saving the plan details…', async () => {
      const { client, me } = this.requireSession();
      const plan = this.requirePlan();
      const dates = Object.fromEntries(
        PLAN_DATES.map(([field]) => [field, this.value(`plan-${field}`)]),
      ) as Record<PlanDateField, string>;
      const changes = planChanges(plan, { title: this.value('plan-title'), dates });
      if (Object.keys(changes).length === 0) {
        this.host.say('Nothing to save: the details are as the plan records them.');
        return;
      }
      const saved = await client.updatePlan(me.council, plan.id, changes);
      this.plan = { ...saved, recommendations: plan.recommendations };
      this.plans = this.plans.map((p) => (p.id === saved.id ? saved : p));
      this.render();
      this.host.say(`Saved the details of "${saved.title}".`);
    });
  }

  async addRecommendation(): Promise<void> {
    await this.host.work('Adding the recommendation…', async () => {
      const number = this.value('recommendation-number').trim();
      if (number === '') throw new Error('Give the recommendation its number, e.g. 3 or CRD3.');
      const plan = this.requirePlan();
      if (plan.recommendations.some((r) => r.number === number))
        throw new Error(`Recommendation ${number} is in the register already: change its text there.`);
      await this.putRecommendation({
        number,
        text: this.value('recommendation-text'),
        theme: null,
        code: null,
      });
      this.el<Field>('recommendation-number').value = '';
      this.el<Field>('recommendation-text').value = '';
      this.host.say(`Added recommendation ${number}.`);
    });
  }

  async saveRecommendation(number: string, text: string): Promise<void> {
    await this.host.work('Saving the recommendation…', async () => {
      const current = this.requirePlan().recommendations.find((r) => r.number === number);
      if (!current) throw new Error(`Recommendation ${number} is no longer in the register.`);
      // The route rewrites the whole entry: its theme and code are sent back as they were.
      await this.putRecommendation({ ...current, text });
      this.host.say(`Saved recommendation ${number}.`);
    });
  }

  private async putRecommendation(recommendation: Plan['recommendations'][number]): Promise<void> {
    const { client, me } = this.requireSession();
    const plan = this.requirePlan();
    const stored = await client.addRecommendation(me.council, plan.id, recommendation);
    const others = plan.recommendations.filter((r) => r.number !== stored.number);
    const recommendations = [...others, stored].sort((a, b) =>
      a.number.localeCompare(b.number, 'en-GB', { numeric: true }),
    );
    const { actions } = await client.listActions(me.council, plan.id);
    this.plan = { ...plan, recommendations };
    this.missing = missingFromRegister(actions, recommendations);
    this.renderPlan();
  }

  async assign(id: string, name: string, directorates: string): Promise<void> {
    await this.host.work('Assigning…', async () => {
      const { client, me } = this.requireSession();
      if (id === '')
        throw new Error('Give the person’s id: their Microsoft object id, or a local token’s subject.');
      const person = await client.putPerson(me.council, id, {
        name: name.trim(),
        directorates: directoratesFrom(directorates),
      });
      this.people = [...this.people.filter((p) => p.id !== person.id), person].sort((a, b) =>
        a.name.localeCompare(b.name, 'en-GB'),
      );
      for (const field of ['person-id', 'person-name', 'person-directorates'])
        this.el<Field>(field).value = '';
      this.renderPeople();
      const edits = person.directorates.length > 0 ? person.directorates.join(', ') : 'no directorate';
      this.host.say(`${person.name} now edits ${edits}, from their next request.`);
    });
  }

  async remove(person: Person): Promise<void> {
    await this.host.work('Removing the assignment…', async () => {
      const { client, me } = this.requireSession();
      await client.deletePerson(me.council, person.id);
      this.people = this.people.filter((p) => p.id !== person.id);
      this.renderPeople();
      this.host.say(`Removed ${person.name}'s assignment: their sign-in's directorates count again.`);
    });
    this.el('people-title').focus();
  }

  private requirePlan(): Plan {
    if (!this.plan) throw new Error('Choose a plan first.');
    return this.plan;
  }

  private render(): void {
    const may = this.session ? managing(this.session.me) : { plans: false, people: false };
    this.el('view-manage-plans').hidden = !may.plans;
    this.el('view-people').hidden = !may.people;
    const doc = this.host.document;
    this.el('manage-plan-list').replaceChildren(
      ...planButtons(doc, this.plans, (id) => void this.openPlan(id)),
    );
    this.renderPlan();
    this.renderPeople();
  }

  private renderPlan(): void {
    const plan = this.plan;
    this.el('plan-details').hidden = plan === null;
    this.el('recommendations').hidden = plan === null;
    if (!plan) return;
    const doc = this.host.document;
    this.el('plan-details-title').textContent = plan.title;
    this.el<Field>('plan-title').value = plan.title;
    this.el('plan-dates').replaceChildren(...dateFields(doc, plan));
    this.el('plan-deadlines').textContent = deadlinesLine(plan);
    const missing = this.el('recommendations-missing');
    missing.textContent = this.missing ?? '';
    missing.hidden = this.missing === null;
    this.el('no-recommendations').hidden = plan.recommendations.length > 0;
    this.el('recommendation-list').replaceChildren(
      ...plan.recommendations.map((r) =>
        recommendationItem(doc, r, (text) => void this.saveRecommendation(r.number, text)),
      ),
    );
  }

  private renderPeople(): void {
    const doc = this.host.document;
    this.el('no-people').hidden = this.people.length > 0;
    this.el('people-list').replaceChildren(
      ...this.people.map((person) =>
        personItem(doc, person, {
          save: (name, directorates) => void this.assign(person.id, name, directorates),
          remove: () => void this.remove(person),
        }),
      ),
    );
  }
}
