/**
 * Light and dark Fluent themes that follow the system setting live (`prefers-color-scheme`). The font stack
 * keeps Segoe UI first and adds metric-friendly fallbacks for systems without it.
 */
import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';

const FONT =
  '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif';

export const lightTheme: Theme = { ...webLightTheme, fontFamilyBase: FONT };
export const darkTheme: Theme = { ...webDarkTheme, fontFamilyBase: FONT };

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => undefined;
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

function prefersDark(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia && window.matchMedia(QUERY).matches;
}

/** True while the system asks for a dark appearance; re-renders when that changes. */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribe, prefersDark, () => false);
}
