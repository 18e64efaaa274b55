import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/dynamodb.ts'],
    // A config folder of the tests' own: a developer's `plans login` must not give tests a token.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', XDG_CONFIG_HOME: join(tmpdir(), 'plans-tests-config') },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
