#!/usr/bin/env node
// `npm run bench`: the TypeScript benchmark (bench/main.ts).
import { runTypeScript } from './run-typescript.js';

// The server's logger reads its level when first imported: the benchmark measures, it does not log.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

await runTypeScript(new URL('../bench/main.ts', import.meta.url).href);
