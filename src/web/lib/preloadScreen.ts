/**
 * The code of the first screens (lib/routes.ts), fetched ahead: the page's chunk requested together
 * with the frame's (AppLayout). Without this the page's chunk is asked for only once the frame's has
 * arrived and rendered, one more round trip before the page shows. App.tsx makes its lazy pages of
 * these same loaders.
 */
import type { FirstScreen } from './routes';
import { firstScreen } from './routes';

export const loadAppLayout = () => import('../components/AppLayout');

/** Each first screen's page module, keyed as the route table keys them. */
export const SCREEN_PAGES = {
  home: () => import('../features/home/HomePage'),
  taskList: () => import('../features/tasks/TaskListPage'),
  itemQuery: () => import('../features/items/ItemQueryPage'),
  itemDetail: () => import('../features/items/ItemDetailPage'),
  newItem: () => import('../features/items/NewItemPage'),
} satisfies Record<FirstScreen['page'], () => Promise<unknown>>;

let preloaded = false;

/**
 * Requests the frame's and the page's code for the first screen shown signed in (once a page load:
 * later pages find the frame loaded). Called from an effect that commits while the frame's code is
 * still on its way (App.tsx `PreloadScreen`), not from the render of what suspends on it.
 */
export function preloadScreen(pathname: string): void {
  if (preloaded) return;
  const screen = firstScreen(pathname);
  if (!screen) return;
  preloaded = true;
  // A failed load is retried by the page's own lazy() and shown there.
  for (const load of [loadAppLayout, SCREEN_PAGES[screen.page]]) load().catch(() => undefined);
}
