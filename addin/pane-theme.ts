/**
 * Light or dark: the pane follows Office's theme (Black and Dark Gray are dark), and outside
 * Office (the in-page demo) the browser's colour scheme. Pure, so the rule is tested without a page.
 */
export type PaneTheme = 'light' | 'dark';

/** The part of `Office.context.officeTheme` the choice reads; older Office has no isDarkTheme. */
export interface OfficeThemeColours {
  isDarkTheme?: boolean;
  bodyBackgroundColor?: string;
}

export function paneTheme(office: OfficeThemeColours | null | undefined, prefersDark: boolean): PaneTheme {
  if (typeof office?.isDarkTheme === 'boolean') return office.isDarkTheme ? 'dark' : 'light';
  const luminance = office?.bodyBackgroundColor ? relativeLuminance(office.bodyBackgroundColor) : null;
  // Below 0.18 white text contrasts more than black does: a dark background.
  if (luminance !== null) return luminance < 0.18 ? 'dark' : 'light';
  return prefersDark ? 'dark' : 'light';
}

/** WCAG's relative luminance of "#RRGGBB" (0 black, 1 white); null for anything else. */
function relativeLuminance(colour: string): number | null {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!match) return null;
  const [r, g, b] = match.slice(1).map((hex) => {
    const c = Number.parseInt(hex, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
