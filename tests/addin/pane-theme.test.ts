import { describe, expect, it } from 'vitest';
import { paneTheme } from '../../addin/pane-theme.js';

describe('paneTheme', () => {
  it.each([
    [{ isDarkTheme: true, bodyBackgroundColor: '#262626' }, 'dark'],
    [{ isDarkTheme: false, bodyBackgroundColor: '#FFFFFF' }, 'light'],
  ] as const)('when Office says %j, then the pane is %s, whatever the browser prefers', (office, theme) => {
    expect(paneTheme(office, true)).toBe(theme);
    expect(paneTheme(office, false)).toBe(theme);
  });

  it.each([
    ['#262626', 'dark'], // Black
    ['#444444', 'dark'], // Dark Gray
    ['#E6E6E6', 'light'], // Colorful
    ['#FFFFFF', 'light'], // White
  ] as const)(
    'when Office gives only a body colour %s (no isDarkTheme), then the pane is %s',
    (colour, theme) => {
      expect(paneTheme({ bodyBackgroundColor: colour }, false)).toBe(theme);
    },
  );

  it('when there is no Office (the in-page demo), then the pane follows the browser’s colour scheme', () => {
    expect(paneTheme(undefined, true)).toBe('dark');
    expect(paneTheme(undefined, false)).toBe('light');
  });

  it('when Office gives a colour that is not one, then the pane follows the browser', () => {
    expect(paneTheme({ bodyBackgroundColor: 'not a colour' }, true)).toBe('dark');
  });
});
