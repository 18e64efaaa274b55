/**
 * The Fluent theme the add-in's pages wear, light or dark as Office is (pane-theme.ts): Fluent 2's
 * tokens on the page, read by the Fluent components and by taskpane.css alike. Kept apart from the
 * components so the dialog and the help page take the theme without them.
 */
import { webDarkTheme, webLightTheme } from '@fluentui/tokens';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { type OfficeThemeColours, type PaneTheme, paneTheme } from './pane-theme.js';

/** Puts the Fluent tokens of the theme on the page; the pane's own CSS reads the same tokens. */
export function applyTheme(theme: PaneTheme): void {
  setTheme(theme === 'dark' ? webDarkTheme : webLightTheme);
  document.documentElement.dataset.theme = theme;
}

/**
 * The theme now, and again whenever the browser's scheme changes while no Office theme decides
 * (Excel has no theme-changed event for task panes: the pane takes the theme it opens with).
 */
export function followTheme(office: OfficeThemeColours | undefined): void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  applyTheme(paneTheme(office, query.matches));
  query.onchange = office ? null : (event) => applyTheme(paneTheme(undefined, event.matches));
}
