/**
 * Which theme cells a sync writes. A blank theme cell shows the theme above it (written once per
 * group, or merged), so a theme is written only where the cell would otherwise show something
 * else: a group renamed elsewhere is renamed once, on its first row, not on every row of it.
 */
import { sameMeaning } from './sync-sheet.js';

/** A theme cell of a row that stays, top to bottom. */
export interface ThemeCell {
  /** What the cell itself holds (blank where the theme is carried down). */
  own: string;
  /** The theme the row should show after the sync. */
  wanted: string;
  /** False where the cell holds a formula: it is never written over. */
  writable: boolean;
}

/** A theme cell that must change: written, or (a formula in the way) left and reported. */
export interface ThemeWrite {
  /** The cell's index in the list given. */
  index: number;
  theme: string;
  /** The cell holds a formula, so the theme was not written. */
  blocked: boolean;
}

export function themeWrites(cells: readonly ThemeCell[]): ThemeWrite[] {
  const writes: ThemeWrite[] = [];
  let carried = '';
  cells.forEach(({ own, wanted, writable }, index) => {
    const shows = own !== '' ? own : carried;
    let now = own;
    // A blank cell cannot show "no theme" under a filled one: that row keeps the carried theme.
    if (!sameMeaning(shows, wanted) && (own !== '' || wanted !== '')) {
      writes.push({ index, theme: wanted, blocked: !writable });
      if (writable) now = wanted;
    }
    carried = now || carried;
  });
  return writes;
}
