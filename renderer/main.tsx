import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './client/client';
import { ClientContext } from './client/context';
import { I18nProvider } from './i18n/I18nContext';
import type { JointscoreBridge } from './client/transport';
import { createElectronTransport } from './client/transport-electron';
import { createHttpTransport } from './client/transport-http';

declare global {
  interface Window {
    jointscore?: JointscoreBridge;
  }
}

const transport = window.jointscore ? createElectronTransport(window.jointscore) : createHttpTransport();
const client = createClient(transport);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <ClientContext.Provider value={client}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </ClientContext.Provider>,
  );
}
