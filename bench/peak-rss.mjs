// Runs a Node entry point (the `plans` command) in this process and, as it exits, prints the
// process's peak resident memory: `PEAK_RSS_KB <n>` on stderr, read by bench/workbook-sync.ts.
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
process.on('exit', () => writeSync(2, `\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`));
process.argv = [process.argv[0], resolve(entry), ...args];
await import(pathToFileURL(resolve(entry)).href);
