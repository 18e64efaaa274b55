/** A council as people name it: "Chorley Council", where URLs and tokens say "chorley". */
import { z } from 'zod';
import { CouncilId } from './plan.js';

export const CouncilName = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');

export const Council = z.object({
  id: CouncilId,
  /** The display name reports and the pane show. */
  name: z.string(),
  /** False until someone gives the name: `name` is then read from the id. */
  named: z.boolean(),
});
export type Council = z.infer<typeof Council>;

/** What to call a council nobody has named yet: its id in words ("west-lancs" → "West Lancs"). */
export function nameFromId(id: string): string {
  return id
    .split('-')
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
