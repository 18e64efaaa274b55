#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmark (bench/main.ts) through tsx, as bin/plans.js runs the CLI.
import { register } from 'tsx/esm/api';

// The AWS SDK warns that it will need Node 22 from 2027; that is for maintainers, not for the report.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const name = typeof rest[0] === 'object' ? rest[0]?.type : rest[0];
  if (name === 'NodeVersionSupportWarning' || String(warning).includes('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};
// The server's logger reads its level when first imported: the benchmark measures, it does not log.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

register();
await import('../bench/main.ts');
