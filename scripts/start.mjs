// `npm start`: builds the web UI and the server when missing or older than their sources, then runs
// the compiled server as plain JavaScript in this same process (signals reach it directly; no
// TypeScript loader in production).
import { pathToFileURL } from 'node:url';
import { buildServerIfStale, buildWebIfStale, SERVER_ENTRY } from './build.mjs';

try {
  // WEB_DIR names a UI built elsewhere: nothing to build here.
  if (!process.env.WEB_DIR) buildWebIfStale();
  await buildServerIfStale();
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
// Stack traces in the log name the TypeScript sources, not the bundle.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(SERVER_ENTRY).href);
