// Runs a TypeScript entry point through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

/** The AWS SDK warns that it will need Node 22 from 2027: a note for maintainers, not for officers. */
function quietNodeVersionWarning() {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const name = typeof rest[0] === 'object' ? rest[0]?.type : rest[0];
    if (name === 'NodeVersionSupportWarning' || String(warning).includes('NodeVersionSupportWarning')) return;
    emitWarning(warning, ...rest);
  };
}

export async function runTypeScript(entry) {
  quietNodeVersionWarning();
  register();
  await import(entry);
}
