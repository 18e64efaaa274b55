/**
 * Errors in words an officer can act on: what the API said (its problem detail), that the
 * service could not be reached, or that the sign-in has run out. Pure: no DOM, no Office.
 */
import { ApiError, ApiReplyError, ApiUnreachableError } from '../core/client.js';
import { BaseSheetError } from '../core/sync-base-sheet.js';

export interface PlainError {
  message: string;
  /** The token is no good any more: the pane goes back to Sign in. */
  signInAgain: boolean;
}

export function plainError(error: unknown, apiUrl: string): PlainError {
  if (error instanceof ApiUnreachableError || isNetworkFailure(error)) {
    return {
      message: `Can't reach the plans service at ${apiUrl}. Check your connection, then try again.`,
      signInAgain: false,
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 401)
      return { message: 'Your sign-in has expired: sign in again.', signInAgain: true };
    const detail =
      error.problem.detail || error.problem.title || `The plans service answered ${error.status}.`;
    return { message: sentence(detail), signInAgain: false };
  }
  if (error instanceof ApiReplyError) {
    return {
      message:
        'The plans service answered something this add-in does not understand: one of them may need updating. Tell your policy team.',
      signInAgain: false,
    };
  }
  if (error instanceof BaseSheetError) return { message: sentence(error.message), signInAgain: false };
  const excel = excelError(error);
  if (excel) return { message: excel, signInAgain: false };
  if (error instanceof Error && error.message)
    return { message: sentence(error.message), signInAgain: false };
  return {
    message: 'Something went wrong. Try again; if it keeps happening, tell your policy team.',
    signInAgain: false,
  };
}

const isNetworkFailure = (error: unknown) =>
  error instanceof TypeError && /fetch|network/i.test(error.message);

/** Office.js errors carry a code; a few have a clearer meaning for an officer. */
function excelError(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const { code, message } = error as { code: unknown; message?: unknown };
  if (typeof code !== 'string') return null;
  if (code === 'InvalidOperationInCellEditMode')
    return 'Excel is waiting for you to finish typing in a cell: press Enter, then try again.';
  if (code === 'RequestPayloadSizeLimitExceeded' || code === 'PayloadTooLarge')
    return 'Excel could not take that much in one go. Try again; if it keeps happening, tell your policy team.';
  return `Excel could not do that (${code}${typeof message === 'string' && message ? `: ${message}` : ''}).`;
}

/** Starts with a capital and ends with a full stop, as the pane's messages do. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
}
