/**
 * What `plans` exits with, for a scheduled task or a script to act on. Defined once: the help of
 * `plans sync` and `plans import`, and the README, say these same numbers.
 */
export const EXIT = {
  /** Done: everything was synced or imported. */
  SYNCED: 0,
  /** Nothing useful was done (bad arguments, no token, API unreachable, file refused): see stderr. */
  FAILED: 1,
  /** Done, but a person must look: conflicts to settle or rows the plan refused. */
  NEEDS_A_PERSON: 3,
  /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
  STOPPED_BY_SIGINT: 130,
  /** Stopped by SIGTERM (128 + SIGTERM), e.g. a scheduler's time limit. */
  STOPPED_BY_SIGTERM: 143,
} as const;

/** The exit codes as `--help` and the README list them, in the words of the command. */
export function exitCodesHelp(command: 'sync' | 'import'): string {
  const done = command === 'sync' ? 'synced' : 'imported';
  const needs =
    command === 'sync'
      ? 'synced, with conflicts or refused rows a person must settle (listed on stdout)'
      : 'imported, but the plan refused rows a person must look at (listed on stdout)';
  return `
Exit codes:
  ${EXIT.SYNCED}    ${done}
  ${EXIT.NEEDS_A_PERSON}    ${needs}
  ${EXIT.FAILED}    failed: the reason is on stderr (one JSON object with --json)
  ${EXIT.STOPPED_BY_SIGINT}  stopped by Ctrl-C; ${EXIT.STOPPED_BY_SIGTERM} stopped by SIGTERM (run it again to finish)`;
}
