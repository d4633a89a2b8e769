// Entry point: mounts the app on the preload's bridge in the user's OS language; the saved
// language setting takes over once main returns it.
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { z } from 'zod';

import { App } from './app/App';
import { findWindowBridge } from './bridge';
import { forwardUncaughtErrors } from './diagnostics';
import { createI18n, localeLanguage } from './i18n/setup';
import './styles/app.css';

// zod compiles fast parsers with `new Function` where it may, and the Content-Security-Policy
// forbids that, so the renderer switches the compiler off.
z.config({ jitless: true });

const i18n = createI18n(localeLanguage());
const root = createRoot(document.getElementById('root')!);
const bridge = findWindowBridge();

if (bridge === null) {
  root.render(
    <main className="centered">
      <p role="alert">{i18n.t('app.noBridge')}</p>
    </main>,
  );
} else {
  forwardUncaughtErrors(window, bridge);
  root.render(
    <StrictMode>
      <App bridge={bridge} i18n={i18n} />
    </StrictMode>,
  );
}
