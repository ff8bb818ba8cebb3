import { Body1, MessageBar, MessageBarBody, Spinner, Title1 } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { AppState } from './store';

export function App({ useStore }: { useStore: UseBoundStore<StoreApi<AppState>> }) {
  const { info, loadError, loading, loadInfo } = useStore();
  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);
  return (
    <main style={{ padding: 32 }}>
      <Title1 as="h1">Guest MFA Inventory</Title1>
      {loading && <Spinner label="Loading…" />}
      {loadError && (
        <MessageBar intent="error">
          <MessageBarBody>{loadError}</MessageBarBody>
        </MessageBar>
      )}
      {info && (
        <Body1 as="p" data-testid="app-version">
          Version {info.version} on {info.platform}
        </Body1>
      )}
    </main>
  );
}
