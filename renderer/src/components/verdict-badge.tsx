/**
 * The verdict as a badge: colour, icon and words together (never colour alone). "Not checked yet" when a
 * tenant has no classification.
 */
import { Badge, type BadgeProps } from '@fluentui/react-components';
import { VERDICT_TEXT, type VerdictText } from '../../../shared/verdict-labels';
import type { Verdict } from '../../../shared/model';
import type { VerdictKey } from '../summary';
import { VERDICT_ICONS } from './icons';

export const UNCHECKED_TEXT: VerdictText = {
  label: 'Not checked yet',
  meaning: 'The app has not checked this organisation yet: run a scan.',
  tone: 'subtle',
};

/** Label, meaning and tone for a verdict key, including `unchecked`. */
export function verdictText(key: VerdictKey): VerdictText {
  return key === 'unchecked' ? UNCHECKED_TEXT : VERDICT_TEXT[key];
}

export const TONE_TO_BADGE: Record<VerdictText['tone'], BadgeProps['color']> = {
  success: 'success',
  warning: 'warning',
  danger: 'danger',
  informative: 'brand',
  subtle: 'informative',
};

export interface VerdictBadgeProps {
  verdict: Verdict | null;
  /** A leftover registration is shown as a second, small badge. */
  leftover?: boolean;
  size?: 'medium' | 'large';
}

export function VerdictBadge({ verdict, leftover = false, size = 'large' }: VerdictBadgeProps) {
  const key: VerdictKey = verdict ?? 'unchecked';
  const text = verdictText(key);
  const Icon = VERDICT_ICONS[key];
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap', alignItems: 'center' }}>
      <Badge
        appearance="tint"
        shape="rounded"
        size={size}
        color={TONE_TO_BADGE[text.tone]}
        icon={<Icon aria-hidden />}
        data-verdict={key}
      >
        {text.label}
      </Badge>
      {leftover && (
        <Badge appearance="outline" shape="rounded" size="medium" color="informative">
          Entry can go
        </Badge>
      )}
    </span>
  );
}
