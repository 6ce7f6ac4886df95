/**
 * A build's chunks and their static imports, for the Vite plugins that read the bundle to decide what
 * a page loads: the gzip report (vite.config.ts), antd's static stylesheets (antd-static-css.ts), the
 * 登录 shell's preloads (first-paint.ts) and the first screens' files (first-requests.ts).
 */
import type { OutputBundle, OutputChunk } from 'rolldown';

export function chunkGraph(bundle: OutputBundle) {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));

  /** `file` and every chunk it imports statically, directly or not, added to `into`. */
  const closure = (file: string, into = new Set<string>()): Set<string> => {
    if (into.has(file)) return into;
    into.add(file);
    for (const dep of byFile.get(file)?.imports ?? []) closure(dep, into);
    return into;
  };

  const entry = new Set<string>();
  for (const chunk of chunks) if (chunk.isEntry) closure(chunk.fileName, entry);

  /** The stylesheets `files` import, in their order. */
  const cssOf = (files: Iterable<string>) =>
    [...files].flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]);
  const entryCss = new Set(cssOf(entry));

  /** The chunk whose facade is `module` (a path under src/web/), if it has one of its own. */
  const chunkOf = (module: string) => chunks.find((c) => c.facadeModuleId?.endsWith(`/src/web/${module}`));

  return {
    chunks,
    /** The entry chunks with their static imports: what every page loads first. */
    entry,
    closure,
    /**
     * What a page adds to the entry when `module` (a path under src/web/) is imported: its chunk and
     * the chunks that imports statically, then their stylesheets (which Vite would otherwise request
     * only once the chunk is imported), less everything the entry loads; as `/assets/…` paths.
     * Undefined when the module has no chunk of its own.
     */
    pageFiles: (module: string): string[] | undefined => {
      const chunk = chunkOf(module);
      if (!chunk) return undefined;
      const js = [...closure(chunk.fileName)].filter((f) => !entry.has(f));
      const css = new Set(cssOf(js).filter((f) => !entryCss.has(f)));
      return [...js, ...css].map((f) => `/${f}`);
    },
  };
}
