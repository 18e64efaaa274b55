/**
 * The task pane's session: the API client that carries the officer's token, and who the server
 * says they are (GET /me). Signing in is asking the server; the pane never reads the token. A
 * pasted token is kept for the browser session (sign-in.ts), so reopening the pane resumes it.
 */
import {
  ApiError,
  createPlansClient,
  type Me,
  type PlanEntry,
  type PlansClient,
  type TokenProvider,
} from '../core/client.js';
import { INTERACTIVE_RETRY_MS } from '../core/limits.js';
import type { AddinConfig } from './config.js';
import type { PanePage } from './pane-page.js';
import type { PaneWork } from './pane-work.js';
import { microsoftTokens, pastedToken, type TokenStore } from './sign-in.js';

export interface Session {
  token: TokenProvider | string;
  /** Who the server says the officer is (GET /me): the pane never reads a token. */
  me: Me;
  client: PlansClient;
}

/** Asks the server who the token is for; there is a session only when it answers. */
export async function connect(
  api: string,
  token: TokenProvider | string,
  fetcher?: typeof fetch,
): Promise<Session> {
  const client = createPlansClient({
    baseUrl: api,
    token,
    // An officer waiting at the pane should hear within seconds that the service is out of reach.
    retryForMs: INTERACTIVE_RETRY_MS,
    ...(fetcher ? { fetch: fetcher } : {}),
  });
  return { token, me: await client.me(), client };
}

/** A pasted token the server refuses (401) is named for what it is; other errors pass as they are. */
export function pastedTokenError(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 401)
    return new Error(
      'That token was refused: it has expired or is for another server. Make a new one with `npx plans token`.',
    );
  return error;
}

export const signedInMessage = (me: Me) => `Signed in for ${me.councilName}.`;

export interface CouncilPlans {
  plans: PlanEntry[];
  /** The plan chosen as the list arrives: the only one, else none until the officer picks. */
  chosen: string | null;
  /** What to tell the officer, when there is something to tell. */
  message: string | null;
}

export function councilPlans(council: string, plans: PlanEntry[]): CouncilPlans {
  return {
    plans,
    chosen: plans.length === 1 ? (plans[0]?.id ?? null) : null,
    message: plans.length === 0 ? `${council} has no plans yet: your policy team starts them.` : null,
  };
}

/** The plan the officer chose, for Open plan and Adopt this sheet. */
export function chosenPlan(plans: PlanEntry[], chosen: string | null): PlanEntry {
  const plan = plans.find((p) => p.id === chosen);
  if (!plan) throw new Error('Choose a plan first.');
  return plan;
}

export interface PaneSessionDeps {
  api: string;
  config: AddinConfig;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** Microsoft sign-in's token provider (tests give one of their own). */
  microsoftTokens?: (config: AddinConfig) => TokenProvider;
  page: PanePage;
  work: PaneWork;
  /** What loads with the session and ends with it: the management screens. */
  manage: { begin(session: Session): Promise<void>; end(): void };
  /** The council's plans to choose from. */
  plans: { load(): Promise<void>; clear(): void };
  /** Whether the workbook syncs a plan already (then no list of plans is needed). */
  synced(): boolean;
  render(): void;
}

/** Sign in, resume, sign out: the one session the pane has, or none. */
export class PaneSession {
  current: Session | null = null;

  constructor(private readonly deps: PaneSessionDeps) {}

  /** A token saved earlier in this browser session, if the server still takes it. */
  async resume(): Promise<boolean> {
    const saved = this.deps.tokens.load();
    if (!saved) return false;
    try {
      await this.begin(saved);
      await this.afterSignIn();
      return true;
    } catch {
      // expired, or refused: sign in again
    }
    this.deps.tokens.clear();
    return false;
  }

  /** Local sign-in: a token pasted from `npx plans token`. */
  async useToken(text: string): Promise<void> {
    const { work, page, tokens } = this.deps;
    await work.run('Checking your token…', async () => {
      const token = pastedToken(text);
      const { me } = await this.begin(token).catch((error: unknown) => {
        throw pastedTokenError(error);
      });
      await this.deps.plans.load();
      tokens.save(token);
      page.el<HTMLTextAreaElement>('token').value = '';
      page.say(signedInMessage(me));
    });
    if (this.current) await this.afterSignIn(false);
  }

  /** Cloud sign-in: MSAL (nested app authentication, or the dialog), asked again before every call. */
  async withMicrosoft(): Promise<void> {
    const { work, page, config } = this.deps;
    await work.run('Signing you in…', async () => {
      const { me } = await this.begin((this.deps.microsoftTokens ?? microsoftTokens)(config));
      page.say(signedInMessage(me));
    });
    if (this.current) await this.afterSignIn();
  }

  end(message: string): void {
    this.current = null;
    this.deps.plans.clear();
    this.deps.manage.end();
    this.deps.tokens.clear();
    this.deps.render();
    this.deps.page.say(message);
  }

  require(): Session {
    if (!this.current) throw new Error('Sign in first.');
    return this.current;
  }

  /** The session starts when the server has said who the token is for and what they manage has loaded. */
  private async begin(token: TokenProvider | string): Promise<Session> {
    const session = await connect(this.deps.api, token, this.deps.fetch);
    // What a policy or admin user manages loads with the session, inside the sign-in's own work.
    await this.deps.manage.begin(session);
    this.current = session;
    return session;
  }

  private async afterSignIn(load = true): Promise<void> {
    if (load && !this.deps.synced())
      await this.deps.work.run('Loading your council’s plans…', () => this.deps.plans.load());
    this.deps.render();
  }
}
