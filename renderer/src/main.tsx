import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './App';
import { createAppStore } from './store';

const useStore = createAppStore(getApi());
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        <App useStore={useStore} />
      </FluentProvider>
    </StrictMode>,
  );
}
