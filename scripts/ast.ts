/** Walking the syntax tree that Vite's `parseSync` gives (ESTree), for the build's plugins. */
import type { ESTree } from 'vite';

/** Calls `visit` with every node under `root`, parents before their children. */
export function eachNode(root: unknown, visit: (node: ESTree.Node) => void): void {
  if (!root || typeof root !== 'object') return;
  if (Array.isArray(root)) {
    for (const child of root) eachNode(child, visit);
    return;
  }
  const node = root as ESTree.Node;
  visit(node);
  for (const [key, value] of Object.entries(node)) if (key !== 'parent') eachNode(value, visit);
}
