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

  return {
    chunks,
    /** The entry chunks with their static imports: what every page loads first. */
    entry,
    closure,
    /** The chunk whose facade is `module` (a path under src/web/), if it has one of its own. */
    chunkOf: (module: string) => chunks.find((c) => c.facadeModuleId?.endsWith(`/src/web/${module}`)),
    /** The stylesheets `files` import, in their order. */
    cssOf: (files: Iterable<string>) =>
      [...files].flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]),
  };
}
