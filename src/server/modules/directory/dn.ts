/**
 * Distinguished names as directories send them (RFC 4514): `uid=zhang,ou=督查室,ou=市政府办公室,dc=example,dc=cn`.
 * Only what the sync needs: the attribute/value pairs, and the OUs between an entry and the base.
 */

export interface Rdn {
  /** Lower-cased attribute type (`ou`, `cn`, `dc`, `uid`). */
  type: string;
  value: string;
}

/** Turns `\,` `\+` `\"` `\\` `\#` and hex pairs (`\e7\9d\a3`, UTF-8 bytes) back into text. */
function unescapeValue(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) {
      const hex = raw.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
        continue;
      }
      bytes.push(...Buffer.from(raw[i + 1] as string));
      i += 1;
      continue;
    }
    bytes.push(...Buffer.from(c));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The RDNs of a DN, the entry's own first. A multi-valued RDN (`a=1+b=2`) keeps its first pair;
 * values are unescaped and trimmed of the spaces RFC 4514 allows around separators.
 */
export function parseDn(dn: string): Rdn[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i] as string;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + (dn[i + 1] as string);
      i += 1;
    } else if (c === ',' || c === ';') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((part) => {
    const first = part.split(/(?<!\\)\+/)[0] ?? '';
    const at = first.indexOf('=');
    return {
      type: first.slice(0, at).trim().toLowerCase(),
      value: unescapeValue(first.slice(at + 1).trim()),
    };
  });
}

const sameRdn = (a: Rdn, b: Rdn) => a.type === b.type && a.value.toLowerCase() === b.value.toLowerCase();

/**
 * The department path of an entry from its OUs below `baseDn`, outermost first
 * (`uid=zhang,ou=督查室,ou=市政府办公室,<base>` → `市政府办公室/督查室`); '' when the entry sits in no
 * OU, undefined when it is not below the base at all.
 */
export function ouPath(dn: string, baseDn: string): string | undefined {
  const entry = parseDn(dn);
  const base = parseDn(baseDn);
  if (entry.length <= base.length) return undefined;
  const tail = entry.slice(entry.length - base.length);
  if (!tail.every((rdn, i) => sameRdn(rdn, base[i] as Rdn))) return undefined;
  return entry
    .slice(1, entry.length - base.length)
    .filter((rdn) => rdn.type === 'ou')
    .map((rdn) => rdn.value.replaceAll('/', '／'))
    .reverse()
    .join('/');
}
