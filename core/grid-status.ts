/**
 * Status cells: RAG colours, letters and the words councils use, mapped to the product's statuses
 * only where the meaning is clear. Anything else is left for the officer to say, not guessed.
 */
import type { Status } from './plan.js';

const WORDS = new Map<string, Status>(
  Object.entries({
    green: 'On track',
    g: 'On track',
    'on track': 'On track',
    'on target': 'On track',
    'in progress': 'On track',
    underway: 'On track',
    'under way': 'On track',
    amber: 'At risk',
    a: 'At risk',
    'at risk': 'At risk',
    'some slippage': 'At risk',
    red: 'Off track',
    r: 'Off track',
    'off track': 'Off track',
    overdue: 'Off track',
    delayed: 'Off track',
    'behind schedule': 'Off track',
    blue: 'Complete',
    b: 'Complete',
    complete: 'Complete',
    completed: 'Complete',
    done: 'Complete',
    achieved: 'Complete',
    closed: 'Complete',
    finished: 'Complete',
    'not started': 'Not started',
    'not yet started': 'Not started',
    'not due': 'Not started',
    'not yet due': 'Not started',
    ongoing: 'Ongoing',
    'on going': 'Ongoing',
    continuous: 'Ongoing',
    'business as usual': 'Ongoing',
    bau: 'Ongoing',
  } satisfies Record<string, Status>),
);

export function readStatus(text: string): Status | null {
  const whole = WORDS.get(wordsOf(text));
  if (whole) return whole;
  // "Green - on track", "Complete / done": every part must name the same status.
  const parts = text
    .split(/[-–—/\\:;,()[\]|]+/)
    .map(wordsOf)
    .filter((part) => part !== '');
  const statuses = new Set(parts.map((part) => WORDS.get(part) ?? null));
  const [only] = statuses;
  return statuses.size === 1 && only ? only : null;
}

function wordsOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}
