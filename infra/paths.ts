/** Where the CDK app finds the code it deploys: the Lambda entry and the add-in build. */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (resolved from this file, so synth works from any working directory). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const lockFile = fileURLToPath(new URL('../package-lock.json', import.meta.url));

export const lambdaEntry = fileURLToPath(new URL('../functions/lambda.ts', import.meta.url));

const addinBuild = fileURLToPath(new URL('../dist/addin', import.meta.url));
const addinPlaceholder = fileURLToPath(new URL('./addin-placeholder', import.meta.url));

/**
 * The folder deployed to the add-in bucket: the real build when `npm run build:addin` has run,
 * otherwise a one-page placeholder, so that synth and tests never depend on a front-end build.
 */
export function addinSource(): { path: string; placeholder: boolean } {
  return existsSync(addinBuild) && readdirSync(addinBuild).length > 0
    ? { path: addinBuild, placeholder: false }
    : { path: addinPlaceholder, placeholder: true };
}

export const scheduledSyncEntry = fileURLToPath(
  new URL('../functions/scheduled-sync-lambda.ts', import.meta.url),
);
