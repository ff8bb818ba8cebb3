/** "Version 1.2.3 on linux": on the start-up error page and in Settings. */
import { Caption1, tokens } from '@fluentui/react-components';
import { useApp } from '../store-context';

export function AppVersion() {
  const info = useApp((s) => s.info);
  if (!info) return null;
  return (
    <Caption1 style={{ color: tokens.colorNeutralForeground3 }} data-testid="app-version">
      Version {info.version} on {info.platform}
    </Caption1>
  );
}
