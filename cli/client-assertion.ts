/**
 * The two ways the sync application proves itself to Entra without a stored secret
 * (docs/app-credential.md):
 * - a certificate: a short JWT signed with the certificate's private key, its SHA-256 thumbprint
 *   in the `x5t#S256` header so Entra finds the certificate registered on the app ("Microsoft
 *   identity platform certificate credentials");
 * - a federated credential: a token AWS STS signs for this Lambda's role (IAM outbound identity
 *   federation, `sts:GetWebIdentityToken`), which the Entra app trusts by its issuer and subject
 *   ("Workload identity federation"): nothing secret is kept anywhere.
 */
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ClientAssertion } from './app-credential.js';
import { CliError } from './run.js';

/** Entra: "keep it short, 5 to 10 minutes after nbf at most". */
const ASSERTION_SECONDS = 5 * 60;

/** Entra's audience for a token from another identity provider (a federated identity credential). */
export const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';

/** From one PEM text holding the certificate and its (unencrypted PKCS#8 or RSA) private key. */
export function certificateAssertion(clientId: string, pem: string): ClientAssertion {
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const key = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certificate || !key)
    throw new CliError('the sync application certificate needs both the certificate and its private key', {
      fix: 'give PLANS_CLIENT_CERT a PEM file with both (an unencrypted private key)',
    });
  const thumbprint = createHash('sha256').update(new X509Certificate(certificate).raw).digest('base64url');
  const privateKey = createPrivateKey(key);
  return async (tokenEndpoint) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': thumbprint })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenEndpoint)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ASSERTION_SECONDS)
      .sign(privateKey);
  };
}

/** What asks AWS STS for a web identity token (the SDK's client in the Lambda, a double in tests). */
export type WebIdentityTokenSource = (request: {
  Audience: string[];
  SigningAlgorithm: string;
  DurationSeconds: number;
}) => Promise<{ WebIdentityToken?: string | undefined }>;

/** AWS IAM outbound identity federation: STS signs a JWT naming this role, for Entra's audience. */
export function awsFederatedAssertion(source: WebIdentityTokenSource = stsWebIdentityToken): ClientAssertion {
  return async () => {
    const answer = await source({
      Audience: [FEDERATED_AUDIENCE],
      // Entra verifies federated tokens signed with RS256; ES384 is AWS's other choice.
      SigningAlgorithm: 'RS256',
      DurationSeconds: ASSERTION_SECONDS,
    }).catch((error: unknown) => {
      throw new CliError(`AWS STS gave no web identity token (${(error as Error)?.name ?? 'error'})`, {
        fix: 'enable outbound identity federation on the AWS account and allow sts:GetWebIdentityToken to this role',
      });
    });
    if (!answer.WebIdentityToken)
      throw new CliError('AWS STS gave no web identity token', { fix: 'check outbound identity federation' });
    return answer.WebIdentityToken;
  };
}

/** Loaded when first needed: only the Lambda (or a task on AWS) uses it. */
const stsWebIdentityToken: WebIdentityTokenSource = async (request) => {
  const { STSClient, GetWebIdentityTokenCommand } = await import('@aws-sdk/client-sts');
  return new STSClient({}).send(new GetWebIdentityTokenCommand(request));
};
