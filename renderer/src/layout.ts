/**
 * Window-size decisions every view shares: below `NAV_COLLAPSE_WIDTH` the navigation folds into a menu button
 * (Fluent's Hamburger) and the views use their compact layout; `COMPACT` is the same breakpoint for styles, with
 * short windows (under 700 px high) compact too.
 */
import { tokens, type GriffelStyle } from '@fluentui/react-components';
import { createContext, useContext, useSyncExternalStore } from 'react';

export const NAV_COLLAPSE_WIDTH = 1024;
/** A media query for styles (makeStyles keys): narrow or short windows. */
export const COMPACT = `@media (max-width: ${NAV_COLLAPSE_WIDTH - 1}px), (max-height: 699px)`;
/** A media query for narrow windows only (the navigation is folded). */
export const NARROW = `@media (max-width: ${NAV_COLLAPSE_WIDTH - 1}px)`;

/** A view: the column below the window's frame that scrolls on its own (a makeStyles rule). */
export const VIEW_STYLE: GriffelStyle = {
  display: 'flex',
  flexDirection: 'column',
  flexGrow: 1,
  minHeight: 0,
  overflowY: 'auto',
};

/** A view's body below its header: a column of sections with the page's padding, less on compact windows. */
export function pageBodyStyle(gap: string, maxWidth?: string, bottom = '40px'): GriffelStyle {
  return {
    [COMPACT]: { padding: '0 16px 24px' },
    padding: `0 32px ${bottom}`,
    display: 'flex',
    flexDirection: 'column',
    gap,
    ...(maxWidth ? { maxWidth } : {}),
  };
}

/** The app's card: a raised surface with rounded corners (a list, a form, a panel of a view); `shadow` raises it. */
export function cardSurface(shadow: string = tokens.shadow4): GriffelStyle {
  return {
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: shadow,
  };
}

/** A row of a list on a card: a hairline under every row but the last. */
export const DIVIDED_ROW_STYLE: GriffelStyle = {
  borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  ':last-child': { borderBottom: 'none' },
};

/** What a list says in place of its rows when it has none: a quiet, centred card. */
export const EMPTY_LIST_STYLE: GriffelStyle = {
  padding: '40px',
  textAlign: 'center',
  borderRadius: tokens.borderRadiusLarge,
  backgroundColor: tokens.colorNeutralBackground1,
  color: tokens.colorNeutralForeground3,
};

/** A box in one tone: its surface, a 1 px edge and its text colour (Fluent token values). */
export function toneBox(background: string, edge: string, color: string): GriffelStyle {
  return { backgroundColor: background, border: `1px solid ${edge}`, color };
}

/**
 * Text shown exactly as it is sent, copied or was answered (a Graph request, a PowerShell command, an email, Entra's
 * message): monospace on a quiet surface, kept as written and wrapped anywhere.
 */
export function codeBlockStyle(padding: string, color: string = tokens.colorNeutralForeground1): GriffelStyle {
  return {
    margin: 0,
    padding,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    color,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  };
}

/** Whether a media query matches, following the window as it is resized. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches,
    () => false,
  );
}

/** The window is narrow enough that the navigation is folded into a menu button. */
export function useNarrowWindow(): boolean {
  return useMediaQuery(`(max-width: ${NAV_COLLAPSE_WIDTH - 1}px)`);
}

/** Narrow or short: the views drop the summary chips and put secondary actions into a "More" menu. */
export function useCompactWindow(): boolean {
  return useMediaQuery(`(max-width: ${NAV_COLLAPSE_WIDTH - 1}px), (max-height: 699px)`);
}

/** How a page header opens the folded navigation; null while the navigation is shown beside the page. */
export const NavToggleContext = createContext<(() => void) | null>(null);

export function useNavToggle(): (() => void) | null {
  return useContext(NavToggleContext);
}
