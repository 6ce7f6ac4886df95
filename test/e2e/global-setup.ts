// Once per run, before any browser test: build dist/web when it is missing or older than src/web.
import { buildWebIfStale } from '../../scripts/web-build';

export default function setup() {
  buildWebIfStale();
}
