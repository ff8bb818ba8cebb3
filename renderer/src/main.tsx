import { FluentProvider } from '@fluentui/react-components';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './app';
import './app.css';
import { AdminStoreProvider } from './admin-store-context';
import { createAdminStore } from './state/admin';
import { createAppStore } from './store';
import { StoreProvider, useApp } from './store-context';
import { darkTheme, lightTheme, usePrefersDark } from './theme';

function Root() {
  const systemDark = usePrefersDark();
  // Settings → Appearance: the system's setting, or always light or dark (applied as soon as main saves it).
  const choice = useApp((s) => s.snapshot?.settings.theme ?? 'system');
  const dark = choice === 'system' ? systemDark : choice === 'dark';
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
    document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
  }, [dark]);
  return (
    <FluentProvider theme={dark ? darkTheme : lightTheme}>
      <App />
    </FluentProvider>
  );
}

const store = createAppStore(getApi());
const adminStore = createAdminStore(getApi(), (message) => store.getState().notify(message));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <AdminStoreProvider value={adminStore}>
          <Root />
        </AdminStoreProvider>
      </StoreProvider>
    </StrictMode>,
  );
}
