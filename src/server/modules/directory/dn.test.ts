import { describe, expect, it } from 'vitest';
import { ouPath, parseDn } from './dn';

describe('distinguished names', () => {
  it('splits RDNs, unescapes values (hex UTF-8 included) and lower-cases types', () => {
    expect(parseDn('CN=Zhang\\, San,OU=\\e7\\9d\\a3\\e6\\9f\\a5\\e5\\ae\\a4, DC=example ,DC=cn')).toEqual([
      { type: 'cn', value: 'Zhang, San' },
      { type: 'ou', value: '督查室' },
      { type: 'dc', value: 'example' },
      { type: 'dc', value: 'cn' },
    ]);
    expect(parseDn('uid=a+cn=b,dc=cn')[0]).toEqual({ type: 'uid', value: 'a' });
  });

  it('gives the OU path below the base, outermost first; skips containers that are not OUs', () => {
    const base = 'dc=example,dc=gov,dc=cn';
    expect(ouPath('uid=zhang,ou=督查室,ou=市政府办公室,dc=example,dc=gov,dc=cn', base)).toBe(
      '市政府办公室/督查室',
    );
    expect(ouPath('CN=Zhang San,OU=一科,CN=Users,OU=单位,DC=Example,DC=gov,DC=cn', base)).toBe('单位/一科');
    expect(ouPath('uid=root,dc=example,dc=gov,dc=cn', base)).toBe('');
    expect(ouPath('uid=x,ou=a,dc=other,dc=cn', base)).toBeUndefined();
    // A slash inside an OU's name is not a level of the path.
    expect(ouPath('uid=x,ou=A/B,dc=example,dc=gov,dc=cn', base)).toBe('A／B');
  });
});
