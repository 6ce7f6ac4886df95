import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { revealApp } from './lib/firstPaint';
import './styles.css';

dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
// The app normally replaces the HTML's shell as soon as a screen has rendered (lib/firstPaint); should
// none ever render (an error), what the app shows takes the shell's place anyway.
setTimeout(revealApp, 10_000);
