/**
 * A real OpenLDAP server for the directory tests: Debian's slapd, started from a generated
 * slapd.conf in a temporary directory on free loopback ports (ldap:// with StartTLS, and ldaps://),
 * loaded with an LDIF of a small organisation, and a throwaway certificate made with openssl.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';

/** Debian puts them in /usr/sbin, which is not on every user's PATH. */
const sbin = (name: string) => (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name);

export const BASE_DN = 'dc=example,dc=gov,dc=cn';
export const SERVICE_DN = `cn=duban,${BASE_DN}`;
export const SERVICE_PASSWORD = 'Service-secret-1';

export interface Person {
  uid: string;
  cn: string;
  /** OUs from the outermost, e.g. ['市政府办公室', '督查室']. */
  ous: string[];
  password: string;
  mail?: string;
  mobile?: string;
  title?: string;
  departmentNumber?: string;
}

export const PEOPLE: Person[] = [
  {
    uid: 'zhangsan',
    cn: '张三',
    ous: ['市政府办公室', '督查室'],
    password: 'Zhang-pass-1',
    mail: 'zhangsan@example.gov.cn',
    mobile: '13800000001',
    title: '部处负责人',
  },
  { uid: 'lisi', cn: '李四', ous: ['市政府办公室', '综合处'], password: 'Li-pass-1', title: '科员' },
  { uid: 'wangwu', cn: '王五', ous: ['市政府办公室'], password: 'Wang-pass-1', mobile: '13800000003' },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** An LDIF line; values that are not plain ASCII go base64 (`attr:: …`), as LDIF requires. */
function line(attribute: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value)
    ? `${attribute}: ${value}`
    : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function ouDn(ous: readonly string[]): string {
  return [...ous]
    .reverse()
    .map((ou) => `ou=${ou}`)
    .concat(BASE_DN)
    .join(',');
}

export function organisationLdif(people: readonly Person[] = PEOPLE): string {
  const entries: string[][] = [
    [
      line('dn', BASE_DN),
      'objectClass: dcObject',
      'objectClass: organization',
      'dc: example',
      line('o', '示例市'),
    ],
    [
      line('dn', SERVICE_DN),
      'objectClass: person',
      'cn: duban',
      'sn: duban',
      `userPassword: ${SERVICE_PASSWORD}`,
    ],
  ];
  const ous = new Set<string>();
  for (const person of people) {
    for (let depth = 1; depth <= person.ous.length; depth++)
      ous.add(JSON.stringify(person.ous.slice(0, depth)));
  }
  for (const key of [...ous].sort((a, b) => a.length - b.length)) {
    const path = JSON.parse(key) as string[];
    entries.push([
      line('dn', ouDn(path)),
      'objectClass: organizationalUnit',
      line('ou', path.at(-1) as string),
    ]);
  }
  for (const person of people) entries.push(personEntry(person));
  return `${entries.map((e) => e.join('\n')).join('\n\n')}\n`;
}

function personEntry(person: Person): string[] {
  return [
    line('dn', `uid=${person.uid},${ouDn(person.ous)}`),
    'objectClass: inetOrgPerson',
    line('uid', person.uid),
    line('cn', person.cn),
    line('sn', person.cn.slice(0, 1)),
    line('userPassword', person.password),
    ...(person.mail ? [line('mail', person.mail)] : []),
    ...(person.mobile ? [line('mobile', person.mobile)] : []),
    ...(person.title ? [line('title', person.title)] : []),
    ...(person.departmentNumber ? [line('departmentNumber', person.departmentNumber)] : []),
  ];
}

export interface Slapd {
  /** ldap:// (StartTLS available) */
  url: string;
  /** ldaps:// */
  secureUrl: string;
  /** PEM of the throwaway certificate (its own CA). */
  caFile: string;
  /** Adds a person (as the directory's administrator). */
  addPerson(person: Person): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = 'Root-secret-1';

export async function startSlapd(people: readonly Person[] = PEOPLE): Promise<Slapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-slapd-'));
  const data = path.join(dir, 'data');
  mkdirSync(data);
  const [port, securePort] = [await freePort(), await freePort()];
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${dir}/slapd.pid`,
      `argsfile ${dir}/slapd.args`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `TLSCertificateFile ${cert}`,
      `TLSCertificateKeyFile ${key}`,
      'database mdb',
      `suffix "${BASE_DN}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PASSWORD}`,
      `directory ${data}`,
      'maxsize 10485760',
      'access to attrs=userPassword by self write by anonymous auth by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const ldif = path.join(dir, 'org.ldif');
  writeFileSync(ldif, organisationLdif(people));
  execFileSync(sbin('slapadd'), ['-f', conf, '-l', ldif], { stdio: 'pipe' });

  const url = `ldap://127.0.0.1:${port}`;
  const secureUrl = `ldaps://127.0.0.1:${securePort}`;
  let child: ChildProcess | undefined;

  async function start() {
    // -d 0: stay in the foreground (so the test owns the process), without debug output.
    child = spawn(sbin('slapd'), ['-f', conf, '-h', `${url}/ ${secureUrl}/`, '-d', '0'], { stdio: 'ignore' });
    const started = child;
    for (let attempt = 0; ; attempt++) {
      if (started.exitCode !== null) throw new Error(`slapd exited with ${started.exitCode}`);
      const client = new Client({ url, connectTimeout: 1_000 });
      try {
        await client.bind(ROOT_DN, ROOT_PASSWORD);
        return;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.unbind().catch(() => {});
      }
    }
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }

  await start();
  return {
    url,
    secureUrl,
    caFile: cert,
    async addPerson(person) {
      const client = new Client({ url });
      try {
        await client.bind(ROOT_DN, ROOT_PASSWORD);
        const attributes: Record<string, string | string[]> = {
          objectClass: 'inetOrgPerson',
          uid: person.uid,
          cn: person.cn,
          sn: person.cn.slice(0, 1),
          userPassword: person.password,
        };
        if (person.mail) attributes.mail = person.mail;
        if (person.mobile) attributes.mobile = person.mobile;
        if (person.title) attributes.title = person.title;
        await client.add(`uid=${person.uid},${ouDn(person.ous)}`, attributes);
      } finally {
        await client.unbind().catch(() => {});
      }
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
