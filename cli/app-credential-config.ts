/**
 * Whether this run signs in as the sync application, and how: only from the run's environment
 * (never from a workbook or a sync list, which are other people's files).
 *
 * - PLANS_CLIENT_ID: the sync application's client id; without it, no app credential is used;
 * - PLANS_TENANT_ID: the council's tenant id;
 * - PLANS_CLIENT_CERT: a PEM file with the app's certificate and private key, or
 *   PLANS_CLIENT_FEDERATION=aws: a token from AWS STS (IAM outbound identity federation);
 * - PLANS_AUTHORITY: Entra's sign-in host (default https://login.microsoftonline.com; a sovereign
 *   cloud's, or a test double's on 127.0.0.1);
 * - PLANS_API_RESOURCE: the plans API's application ID URI, for tokens to the API.
 */
import { readFileSync } from 'node:fs';
import { type AppCredential, appCredential, DEFAULT_AUTHORITY } from './app-credential.js';
import { awsFederatedAssertion, certificateAssertion } from './client-assertion.js';
import { credentialUrl } from './credential-url.js';
import { CliError } from './run.js';

export function appCredentialFromEnv(env: NodeJS.ProcessEnv = process.env): AppCredential | null {
  const clientId = env.PLANS_CLIENT_ID;
  if (!clientId) return null;
  const tenant = env.PLANS_TENANT_ID;
  if (!tenant)
    throw new CliError('PLANS_CLIENT_ID is set but PLANS_TENANT_ID is not', {
      fix: "set PLANS_TENANT_ID to the council's Entra tenant id",
    });
  const federation = env.PLANS_CLIENT_FEDERATION;
  const certificate = env.PLANS_CLIENT_CERT;
  if (federation !== undefined && federation !== 'aws')
    throw new CliError(`PLANS_CLIENT_FEDERATION "${federation}" is not one this knows`, {
      fix: 'set it to aws (IAM outbound identity federation), or use PLANS_CLIENT_CERT',
    });
  if (Boolean(federation) === Boolean(certificate))
    throw new CliError(
      'the sync application needs one credential: PLANS_CLIENT_CERT or PLANS_CLIENT_FEDERATION',
      {
        fix: 'set PLANS_CLIENT_CERT to its certificate (PEM with the private key), or PLANS_CLIENT_FEDERATION=aws on AWS',
      },
    );
  return appCredential({
    authority: authorityUrl(env),
    tenant,
    clientId,
    assertion: federation
      ? awsFederatedAssertion()
      : certificateAssertion(clientId, readPem(certificate as string)),
  });
}

/** The API's resource for app-only tokens (its App ID URI), when the app credential is used for the API. */
export function apiResource(env: NodeJS.ProcessEnv = process.env): string {
  const resource = env.PLANS_API_RESOURCE;
  if (!resource)
    throw new CliError('PLANS_CLIENT_ID is set but PLANS_API_RESOURCE is not', {
      fix: "set PLANS_API_RESOURCE to the plans API's application ID URI, e.g. api://peer-challenge-plans",
    });
  return resource;
}

/**
 * Where the assertion and the token travel: https, or plain http only on this machine (a test
 * double), as PLANS_GRAPH_URL.
 */
export function authorityUrl(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.PLANS_AUTHORITY || DEFAULT_AUTHORITY;
  const fallback = `${DEFAULT_AUTHORITY} or your cloud's sign-in host`;
  return credentialUrl('PLANS_AUTHORITY', given, "the application's proof", fallback).origin;
}

function readPem(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`cannot read the sync application certificate ${path}`, {
      fix: 'check PLANS_CLIENT_CERT names a PEM file this user can read',
    });
  }
}
