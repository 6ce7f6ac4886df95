/**
 * Stands in, in the build only, for style modules of antd's Table whose parts no page draws
 * (vite.config.ts, `BUILD_SUBSTITUTES`): the column filter dropdown's (left out of the build, see
 * tableStub.ts), the virtual table's and right-to-left layout's (the UI is Chinese, left to right).
 * The Table's style calls each with its tokens and merges what it answers: nothing.
 */
export default function noStyle(): Record<string, never> {
  return {};
}
