// Once per run, before any browser test: build dist/web when it is missing or older than src/web.
import { ensureWebBuilt } from './support';

export default async function setup() {
  await ensureWebBuilt();
}
