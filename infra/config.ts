/**
 * Deployment settings, read from CDK context (`-c key=value` or cdk.json) and checked before
 * anything is built, so a typo fails synth with a message instead of deploying a broken stack.
 */

/** How the API verifies bearer tokens (handed to the Lambda as AUTH_* environment variables). */
export interface AuthConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** True when no tenant or audience was given: tokens will be refused until one is. */
  readonly placeholder: boolean;
  /** The council of a one-council deployment (`-c council=…`), for tokens without a council claim. */
  readonly council: string | undefined;
  /** The delegated scope people's tokens must carry (`-c scope=…`, default access_as_user). */
  readonly scope: string | undefined;
  /** Several councils' tenants (`-c tenants='{"<tenant id>":"chorley",…}'`): the issuer is then per tenant. */
  readonly tenants: Record<string, string> | undefined;
}

/**
 * The scheduled sync (infra/scheduled-sync.ts), when `syncSchedules` is given: the sync
 * application's Entra registration, and when each council's list is synced.
 */
export interface ScheduledSyncConfig {
  /** The sync application's tenant (`-c syncTenantId=…`, default `tenantId`). */
  readonly tenantId: string;
  /** Its client id (`-c syncClientId=…`): the app that trusts this AWS role's tokens. */
  readonly clientId: string;
  /** Council → EventBridge Scheduler expression in UK time (`-c syncSchedules='{"chorley":"cron(0 2 * * ? *)"}'`). */
  readonly schedules: Record<string, string>;
  /** The SharePoint/OneDrive hosts the council allows (`-c sharepointHosts=chorley.sharepoint.com,…`). */
  readonly sharepointHosts: string | undefined;
}

export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate in us-east-1 (CloudFront only reads certificates from there). */
  readonly certificateArn: string;
}

export interface PlansConfig {
  /** Part of the stack name, `PeerChallengePlans-<stage>`. */
  readonly stage: string;
  readonly auth: AuthConfig;
  /** The origin the API allows for CORS; defaults to the add-in's own CloudFront or custom domain. */
  readonly addinOrigin: string | undefined;
  readonly customDomain: CustomDomain | undefined;
  readonly alarmEmail: string | undefined;
  readonly logLevel: LogLevel;
  /** Run the cdk-nag AwsSolutions checks during synth (`-c nag=true`). */
  readonly nag: boolean;
  /** The scheduled sync, when `syncSchedules` is given. */
  readonly sync: ScheduledSyncConfig | undefined;
  /** Council id → display name (`-c councilNames='{"chorley":"Chorley Council"}'`), shown by /me and the pane. */
  readonly councilNames: Record<string, string> | undefined;
}

/** Reads one context value; `node.tryGetContext` fits. */
export type ContextReader = (key: string) => unknown;

/** The placeholder tenant: no token is ever issued by `common`, so the API refuses every call. */
export const PLACEHOLDER_TENANT = 'common';
export const PLACEHOLDER_AUDIENCE = 'api://peer-challenge-plans';

/** Levels both Powertools Logger and Lambda's JSON log filter understand. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function readConfig(get: ContextReader): PlansConfig {
  const text = (key: string): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string.`);
    return value.trim();
  };
  const stage = text('stage') ?? 'dev';
  if (!/^[A-Za-z][A-Za-z0-9-]{0,31}$/.test(stage)) {
    throw new Error(`Context "stage" must be a letter then letters, digits or "-" (got "${stage}").`);
  }
  const logLevel = LOG_LEVELS.find((level) => level === (text('logLevel') ?? 'INFO').toUpperCase());
  if (logLevel === undefined) throw new Error(`Context "logLevel" must be one of ${LOG_LEVELS.join(', ')}.`);
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`Context "alarmEmail" is not an email address: "${alarmEmail}".`);
  }
  const addinOrigin = text('addinOrigin');
  return {
    stage,
    auth: readAuth(text),
    addinOrigin: addinOrigin === undefined ? undefined : origin('addinOrigin', addinOrigin),
    customDomain: readCustomDomain(text),
    alarmEmail,
    logLevel,
    nag: [true, 'true', '1'].includes(get('nag') as string | boolean),
    sync: readSync(text),
    councilNames: readCouncilNames(text('councilNames')),
  };
}

/** Checked at synth: the API would refuse to start on a COUNCIL_NAMES it cannot read. */
function readCouncilNames(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const refuse = () =>
    new Error(
      'Context "councilNames" must map council ids to display names, e.g. {"chorley": "Chorley Council"}.',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw refuse();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (
    entries.length === 0 ||
    !entries.every(
      ([council, name]) =>
        COUNCIL_ID.test(council) && typeof name === 'string' && name.trim() !== '' && name.length <= 200,
    )
  )
    throw refuse();
  return Object.fromEntries(entries) as Record<string, string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNCIL_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** EventBridge Scheduler's recurring forms: `rate(…)` or `cron(…)` with six fields. */
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\((\S+ ){5}\S+\))$/;

function readSync(text: (key: string) => string | undefined): ScheduledSyncConfig | undefined {
  const schedulesText = text('syncSchedules');
  const clientId = text('syncClientId');
  const tenantId = text('syncTenantId') ?? text('tenantId');
  if (schedulesText === undefined) {
    if (clientId !== undefined)
      throw new Error('Give "syncSchedules" with "syncClientId": when to sync which council.');
    return undefined;
  }
  if (clientId === undefined || !GUID.test(clientId))
    throw new Error('Context "syncClientId" must be the sync application\'s client id (a GUID).');
  if (tenantId === undefined || !GUID.test(tenantId))
    throw new Error(
      'Context "syncTenantId" (or "tenantId") must be the sync application\'s tenant id (a GUID).',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(schedulesText);
  } catch {
    throw new Error('Context "syncSchedules" must be JSON: {"<council>": "cron(0 2 * * ? *)", …}.');
  }
  const entries = Object.entries((parsed ?? {}) as Record<string, unknown>);
  if (typeof parsed !== 'object' || Array.isArray(parsed) || entries.length === 0)
    throw new Error(
      'Context "syncSchedules" must map councils to schedules, e.g. {"chorley": "cron(0 2 * * ? *)"}.',
    );
  for (const [council, expression] of entries) {
    if (!COUNCIL_ID.test(council))
      throw new Error(
        `Context "syncSchedules": "${council}" is not a council id (lower-case letters, digits, dashes).`,
      );
    if (typeof expression !== 'string' || !SCHEDULE.test(expression))
      throw new Error(
        `Context "syncSchedules": "${String(expression)}" for ${council} is not rate(…) or cron(…) with six fields.`,
      );
  }
  return {
    tenantId,
    clientId,
    schedules: Object.fromEntries(entries) as Record<string, string>,
    sharepointHosts: text('sharepointHosts'),
  };
}

function readAuth(text: (key: string) => string | undefined): AuthConfig {
  const council = text('council');
  if (council !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(council)) {
    throw new Error(`Context "council" must be lower-case letters, digits or dashes (got "${council}").`);
  }
  const scope = text('scope');
  if (scope !== undefined && !/^[A-Za-z][\w.-]{0,99}$/.test(scope))
    throw new Error(`Context "scope" must be a scope name such as access_as_user (got "${scope}").`);
  const tenants = readTenants(text('tenants'));
  const tenantId = text('tenantId');
  const issuer = text('issuer');
  if (tenants) {
    if (tenantId !== undefined || issuer !== undefined)
      throw new Error('Give "tenants" (several councils) or "tenantId"/"issuer" (one), not both.');
    const audience = text('audience') ?? text('apiAudience');
    return {
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      audience: audience ?? PLACEHOLDER_AUDIENCE,
      placeholder: audience === undefined,
      council,
      scope,
      tenants,
    };
  }
  const jwksUrl = text('jwksUrl');
  const audience = text('audience') ?? text('apiAudience');
  if (issuer !== undefined || jwksUrl !== undefined) {
    if (tenantId !== undefined) throw new Error('Give either "tenantId" or "issuer" + "jwksUrl", not both.');
    if (issuer === undefined || jwksUrl === undefined) {
      throw new Error('Give "issuer" and "jwksUrl" together (or just "tenantId" for Entra ID).');
    }
    return {
      issuer: httpsUrl('issuer', issuer),
      jwksUrl: httpsUrl('jwksUrl', jwksUrl),
      audience: audience ?? PLACEHOLDER_AUDIENCE,
      placeholder: audience === undefined,
      council,
      scope,
      tenants: undefined,
    };
  }
  const tenant = tenantId ?? PLACEHOLDER_TENANT;
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(tenant)) {
    throw new Error(`Context "tenantId" must be a tenant GUID or domain (got "${tenant}").`);
  }
  return {
    issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
    jwksUrl: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
    audience: audience ?? PLACEHOLDER_AUDIENCE,
    placeholder: tenantId === undefined || audience === undefined,
    council,
    scope,
    tenants: undefined,
  };
}

/** `{"<tenant GUID>": "<council id>", …}`, checked at synth: a typo must not deploy a locked-out council. */
function readTenants(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('Context "tenants" must be JSON: {"<tenant id>": "<council>", …}.');
  }
  const entries = Object.entries((parsed ?? {}) as Record<string, unknown>);
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (
    typeof parsed !== 'object' ||
    entries.length === 0 ||
    !entries.every(([t, c]) => guid.test(t) && typeof c === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(c))
  )
    throw new Error('Context "tenants" must map tenant GUIDs to council ids, e.g. {"1111…": "chorley"}.');
  return Object.fromEntries(entries.map(([t, c]) => [t.toLowerCase(), c as string]));
}

function readCustomDomain(text: (key: string) => string | undefined): CustomDomain | undefined {
  const domainName = text('domainName');
  const certificateArn = text('certificateArn');
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new Error('Give "domainName" and "certificateArn" together for a custom add-in domain.');
  }
  if (!/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domainName)) {
    throw new Error(`Context "domainName" must be a host name such as plans.example.gov.uk.`);
  }
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error('Context "certificateArn" must be an ACM certificate ARN in us-east-1 (CloudFront).');
  }
  return { domainName: domainName.toLowerCase(), certificateArn };
}

function httpsUrl(key: string, value: string): string {
  if (!URL.canParse(value) || new URL(value).protocol !== 'https:') {
    throw new Error(`Context "${key}" must be an https URL (got "${value}").`);
  }
  return value;
}

/** An origin is scheme + host (+ port): no path, no trailing slash, as browsers send it. */
function origin(key: string, value: string): string {
  const url = httpsUrl(key, value);
  const parsed = new URL(url).origin;
  if (parsed !== url.replace(/\/$/, '')) {
    throw new Error(`Context "${key}" must be an origin like https://plans.example.gov.uk (no path).`);
  }
  return parsed;
}
