import { FluentProvider } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './app';
import './app.css';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';
import { darkTheme, lightTheme, usePrefersDark } from './theme';

function Root() {
  const dark = usePrefersDark();
  return (
    <FluentProvider theme={dark ? darkTheme : lightTheme}>
      <App />
    </FluentProvider>
  );
}

const store = createAppStore(getApi());
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <Root />
      </StoreProvider>
    </StrictMode>,
  );
}
