// `npm start`: builds the web UI when it is missing or older than its sources, then runs the
// server (TypeScript through tsx, in this same process so that signals reach it directly).
const { register } = await import('tsx/esm/api');
register();

// WEB_DIR names a UI built elsewhere: nothing to build here.
if (!process.env.WEB_DIR) {
  const { buildWebIfStale } = await import('./web-build.ts');
  try {
    buildWebIfStale();
  } catch (error) {
    console.error(String(error));
    process.exit(1);
  }
}
await import('../src/server/run.ts');
