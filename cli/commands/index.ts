import type { Command } from 'commander';

type Register = (program: Command) => void;

/** Each command lives in its own module and adds itself here; `load` imports it only when needed. */
const MODULES: { commands: string[]; load: () => Promise<Register> }[] = [
  { commands: ['export'], load: async () => (await import('./export.js')).registerExport },
  { commands: ['import'], load: async () => (await import('./import.js')).registerImport },
  { commands: ['login', 'logout'], load: async () => (await import('./login.js')).registerLogin },
  { commands: ['people', 'whoami'], load: async () => (await import('./people.js')).registerPeople },
  { commands: ['migrate'], load: async () => (await import('./migrate.js')).registerMigrate },
  { commands: ['parse'], load: async () => (await import('./parse.js')).registerParse },
  { commands: ['list', 'plan', 'council'], load: async () => (await import('./plans.js')).registerPlans },
  {
    commands: ['recommendations'],
    load: async () => (await import('./recommendations.js')).registerRecommendations,
  },
  { commands: ['report'], load: async () => (await import('./report.js')).registerReport },
  { commands: ['serve'], load: async () => (await import('./serve.js')).registerServe },
  { commands: ['sync'], load: async () => (await import('./sync.js')).registerSync },
  { commands: ['sync-all'], load: async () => (await import('./sync-all.js')).registerSyncAll },
  { commands: ['sync-list'], load: async () => (await import('./sync-list.js')).registerSyncList },
  { commands: ['token'], load: async () => (await import('./token.js')).registerToken },
];

/**
 * Registers the command being run, and only it: a scheduled `plans sync` should not wait for the
 * server's libraries to load. `plans --help`, `plans help …` or an unknown command get them all;
 * `plans --version` gets none.
 */
export async function registerCommands(program: Command, argv: string[]): Promise<void> {
  const args = argv.slice(2);
  const name = args.find((arg) => !arg.startsWith('-'));
  const named = MODULES.filter((module) => name !== undefined && module.commands.includes(name));
  const versionOnly = name === undefined && args.some((arg) => arg === '--version' || arg === '-V');
  const wanted = named.length > 0 ? named : versionOnly ? [] : MODULES;
  for (const register of await Promise.all(wanted.map((module) => module.load()))) register(program);
}
