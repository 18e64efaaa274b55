import { defineConfig } from 'vitest/config';

// The AWS SDK's notice that it will need Node 22 in 2027 would otherwise repeat in every worker.
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--disable-warning=NodeVersionSupportWarning']
  .filter(Boolean)
  .join(' ');
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes('AWS SDK for JavaScript')) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/dynamodb.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
