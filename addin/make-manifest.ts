/**
 * `npm run manifest -- --url https://plans.example.gov.uk/addin/ [--api https://api.example.gov.uk]
 * [--out manifest.xml] [--new-id]`: the manifest for a deployed add-in. Without --out it is
 * printed. The id stays the product's own unless --new-id asks for a fresh one (a second,
 * side-by-side installation, say a test tenant's).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ManifestOptions, ManifestUrlError, renderManifest } from './manifest-template.js';

export interface ManifestCommand {
  options: ManifestOptions;
  out: string | null;
}

export function parseManifestArgs(argv: string[], newId: () => string = randomUUID): ManifestCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      api: { type: 'string' },
      out: { type: 'string' },
      'new-id': { type: 'boolean', default: false },
      version: { type: 'string' },
    },
    strict: true,
  });
  if (!values.url) throw new ManifestUrlError('--url', '', 'say where taskpane.html is served');
  if (values.version !== undefined && !/^\d+\.\d+\.\d+\.\d+$/.test(values.version)) {
    throw new Error(`--version must be four numbers, e.g. 1.0.1.0; got "${values.version}"`);
  }
  return {
    options: {
      url: values.url,
      ...(values.api ? { api: values.api } : {}),
      ...(values['new-id'] ? { id: newId() } : {}),
      ...(values.version ? { version: values.version } : {}),
    },
    out: values.out ?? null,
  };
}

export function main(argv: string[]): number {
  try {
    const command = parseManifestArgs(argv);
    const xml = renderManifest(command.options);
    if (command.out) {
      writeFileSync(command.out, xml);
      process.stderr.write(`Wrote ${command.out} for ${command.options.url}\n`);
    } else process.stdout.write(xml);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
