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
  /**
   * Nothing lost, but not done now: a workbook in SharePoint or OneDrive was locked, checked out
   * or kept changing, or Microsoft Graph asked to wait longer than a run waits. The next run
   * finishes it (75 is EX_TEMPFAIL, what schedulers read as "try again later").
   */
  RETRY_LATER: 75,
  /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
  STOPPED_BY_SIGINT: 130,
  /** Stopped by SIGTERM (128 + SIGTERM), e.g. a scheduler's time limit. */
  STOPPED_BY_SIGTERM: 143,
} as const;

/** The exit codes as `--help` and the README list them, in the words of the command. */
export function exitCodesHelp(command: 'sync' | 'import' | 'sync-all'): string {
  const done = { sync: 'synced', import: 'imported', 'sync-all': 'every workbook synced' }[command];
  const needs = {
    sync: 'synced, with conflicts or refused rows a person must settle (listed on stdout)',
    import: 'imported, but the plan refused rows a person must look at (listed on stdout)',
    'sync-all': 'no workbook failed, but some have conflicts or refused rows a person must settle',
  }[command];
  const later =
    command === 'import'
      ? ''
      : `\n  ${EXIT.RETRY_LATER}   ${command === 'sync' ? 'not synced now' : 'none failed or needs a person, but some were not synced now'}: locked or checked out in SharePoint, or Graph asked to wait; the next run syncs it`;
  const failed =
    command === 'sync-all'
      ? 'a workbook failed (each is listed with its reason), or the list could not be read'
      : 'failed: the reason is on stderr (one JSON object with --json)';
  return `
Exit codes:
  ${EXIT.SYNCED}    ${done}
  ${EXIT.NEEDS_A_PERSON}    ${needs}${later}
  ${EXIT.FAILED}    ${failed}
  ${EXIT.STOPPED_BY_SIGINT}  stopped by Ctrl-C; ${EXIT.STOPPED_BY_SIGTERM} stopped by SIGTERM (run it again to finish)`;
}
