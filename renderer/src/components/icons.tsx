/** The icon for each verdict, entry status and method kind: one home so every view uses the same picture. */
import {
  ArrowEnterRegular,
  CircleRegular,
  ErrorCircleRegular,
  FingerprintRegular,
  KeyMultipleRegular,
  LockClosedRegular,
  MailRegular,
  NumberSymbolSquareRegular,
  PasswordRegular,
  PersonDeleteRegular,
  PersonKeyRegular,
  PhoneKeyRegular,
  PhoneRegular,
  QuestionCircleRegular,
  ShieldCheckmarkRegular,
  ShieldRegular,
  TimerRegular,
  UsbStickRegular,
  WindowRegular,
  type FluentIcon,
} from '@fluentui/react-icons';
import type { MethodType } from '../../../shared/model';
import type { VerdictKey } from '../../../shared/verdicts';

export const VERDICT_ICONS: Record<VerdictKey, FluentIcon> = {
  'home-mfa-trusted': ShieldCheckmarkRegular,
  'separate-mfa': KeyMultipleRegular,
  'registration-required': PersonKeyRegular,
  'stronger-method': FingerprintRegular,
  'no-mfa-required': ShieldRegular,
  blocked: LockClosedRegular,
  'not-a-guest': PersonDeleteRegular,
  'needs-sign-in': ArrowEnterRegular,
  error: ErrorCircleRegular,
  unchecked: CircleRegular,
};

export const METHOD_ICONS: Record<MethodType, FluentIcon> = {
  microsoftAuthenticator: PhoneKeyRegular,
  phone: PhoneRegular,
  softwareOath: NumberSymbolSquareRegular,
  fido2: UsbStickRegular,
  email: MailRegular,
  windowsHelloForBusiness: WindowRegular,
  temporaryAccessPass: TimerRegular,
  password: PasswordRegular,
  other: QuestionCircleRegular,
};
