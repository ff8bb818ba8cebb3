/**
 * The verdict as a badge: colour, icon and words together (never colour alone). "Not checked yet" when a
 * tenant has no classification. A verdict that is not certain carries a marker ("likely", "unsure"); an answer
 * with a code the app does not know shows that raw code instead.
 */
import { Badge, type BadgeProps } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { lookupAadsts } from '../../../shared/aadsts';
import {
  CONFIDENCE_MARKER,
  CONFIDENCE_TEXT,
  verdictRule,
  type VerdictKey,
  type VerdictTone,
} from '../../../shared/verdicts';
import type { Confidence, Verdict } from '../../../shared/model';
import { VERDICT_ICONS } from './icons';

export const TONE_TO_BADGE: Record<VerdictTone, BadgeProps['color']> = {
  success: 'success',
  severe: 'severe',
  warning: 'warning',
  important: 'important',
  danger: 'danger',
  informative: 'brand',
  subtle: 'informative',
};

/** What "Entry can go" means, for its tooltip. */
export const ENTRY_CAN_GO =
  'This organisation once made you register its own MFA and now accepts your home MFA: its Authenticator entry can be removed.';

export interface VerdictBadgeProps {
  verdict: Verdict | null;
  /** A leftover registration is shown as a second, small badge. */
  leftover?: boolean;
  /** How far the answer supports the verdict; no marker when certain or not given (history entries). */
  confidence?: Confidence;
  /** The AADSTS code of the answer, shown raw when the app does not know it. */
  code?: number | null;
  size?: 'medium' | 'large';
  /** Keep the badges on one line (grid rows have a fixed height). */
  nowrap?: boolean;
}

/** The marker beside a verdict: the raw code of an unknown answer, else the confidence word; null for none. */
export function confidenceMarker(confidence: Confidence | undefined, code: number | null | undefined): string | null {
  if (confidence === undefined || confidence === 'certain') return null;
  if (confidence === 'unknown' && typeof code === 'number' && lookupAadsts(code) === null) return `AADSTS${code}`;
  return CONFIDENCE_MARKER[confidence] || null;
}

export function VerdictBadge({
  verdict,
  leftover = false,
  confidence,
  code,
  size = 'large',
  nowrap = false,
}: VerdictBadgeProps) {
  const key: VerdictKey = verdict ?? 'unchecked';
  const text = verdictRule(key);
  const Icon = VERDICT_ICONS[key];
  const marker = verdict === null ? null : confidenceMarker(confidence, code);
  return (
    <span
      style={{
        display: 'inline-flex',
        gap: 4,
        flexWrap: nowrap ? 'nowrap' : 'wrap',
        alignItems: 'center',
        minWidth: 0,
      }}
    >
      <Badge
        appearance="tint"
        shape="rounded"
        size={size}
        color={TONE_TO_BADGE[text.tone]}
        icon={<Icon aria-hidden />}
        data-verdict={key}
        style={nowrap ? { whiteSpace: 'nowrap', flexShrink: 0 } : undefined}
      >
        {text.label}
      </Badge>
      {marker && confidence && (
        <Badge
          appearance="outline"
          shape="rounded"
          size="small"
          color="informative"
          title={CONFIDENCE_TEXT[confidence]}
          data-confidence={confidence}
        >
          {marker}
        </Badge>
      )}
      {leftover && <EntryCanGoBadge />}
    </span>
  );
}

/** "Entry can go": good news the user can act on, as strong as a verdict badge, not a faint outline. */
export function EntryCanGoBadge() {
  return (
    <Badge
      appearance="filled"
      shape="rounded"
      size="medium"
      color="success"
      icon={<DeleteRegular aria-hidden />}
      title={ENTRY_CAN_GO}
      data-testid="entry-can-go"
      style={{ whiteSpace: 'nowrap' }}
    >
      Entry can go
    </Badge>
  );
}
