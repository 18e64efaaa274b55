// Runs a TypeScript entry point through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

const major = Number(process.versions.node.split('.')[0]);

export async function runTypeScript(entry) {
  if (major < 24) {
    // One line a person can act on, not a crash deep inside a dependency that needs newer Node.
    console.error(
      `plans needs Node.js 24 or later; this is ${process.version}. Install Node.js 24 LTS, or run: source scripts/node24.sh`,
    );
    process.exit(1);
  }
  register();
  await import(entry);
}
