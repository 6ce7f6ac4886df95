import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App';
import { revealApp } from './lib/firstPaint';
import { SERVER_RENDERED_ID } from './lib/serverRendered';
import './styles.css';

dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// A page the server rendered (lib/serverRendered.ts) is hydrated: React takes over its HTML instead of
// making the page again. Where the two differ (a date in another time zone), React renders that part
// anew, which is worth a warning, not an error.
startTransition(() => {
  if (document.getElementById(SERVER_RENDERED_ID))
    hydrateRoot(root, app, { onRecoverableError: (error) => console.warn('hydration:', error) });
  else createRoot(root).render(app);
});
// The app normally replaces the HTML's shell as soon as a screen has rendered (lib/firstPaint); should
// none ever render (an error), what the app shows takes the shell's place anyway.
setTimeout(revealApp, 10_000);
