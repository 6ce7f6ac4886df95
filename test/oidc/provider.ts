/**
 * A real OpenID Provider for the single sign-on tests: the `oidc-provider` package on a loopback port,
 * with its development login and consent pages (any username, any password) and an in-memory store
 * the tests can reach into (to let an authorization code expire).
 */
import { createServer, type Server } from 'node:http';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';

export const CLIENT_ID = 'duban';
export const CLIENT_SECRET = 'duban-client-secret';

/** Every model's payloads by `Model:id`, shared by the adapters of one provider. */
class Store {
  readonly entries = new Map<string, AdapterPayload>();
}

function adapterFor(store: Store) {
  return class MapAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key = (id: string) => `${this.model}:${id}`;
    async upsert(id: string, payload: AdapterPayload) {
      store.entries.set(this.key(id), { ...payload });
    }
    async find(id: string) {
      return store.entries.get(this.key(id));
    }
    async findByUserCode(userCode: string) {
      return [...store.entries.values()].find((p) => p.userCode === userCode);
    }
    async findByUid(uid: string) {
      return [...store.entries.entries()].find(
        ([k, p]) => k.startsWith(`${this.model}:`) && p.uid === uid,
      )?.[1];
    }
    async consume(id: string) {
      const payload = store.entries.get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.entries.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, p] of store.entries) if (p.grantId === grantId) store.entries.delete(k);
    }
  };
}

export interface TestProvider {
  issuer: string;
  /** Registers Duban's callback URL (known only once Duban listens). */
  setRedirectUri(uri: string): void;
  /** Makes an issued authorization code expired, as if its lifetime had passed. */
  expireCode(code: string): void;
  close(): Promise<void>;
}

/**
 * Listens first (so that Duban can be configured with the issuer), and builds the provider when the
 * redirect URI is known.
 */
export async function startProvider(): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const store = new Store();
  let handler: ((req: never, res: never) => void) | undefined;
  server.on('request', (req, res) => {
    if (handler) handler(req as never, res as never);
    else {
      res.statusCode = 503;
      res.end();
    }
  });
  return {
    issuer,
    setRedirectUri(uri) {
      const provider = new Provider(issuer, {
        adapter: adapterFor(store),
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: [uri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        // The account is whatever login was typed on the development login page.
        findAccount: (_ctx, sub) => ({
          accountId: sub,
          claims: () => ({ sub, preferred_username: sub, name: sub }),
        }),
        claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
        cookies: { keys: ['duban-test-cookie-key'] },
      });
      handler = provider.callback() as never;
    },
    expireCode(code) {
      const payload = store.entries.get(`AuthorizationCode:${code}`);
      if (!payload) throw new Error('no such authorization code');
      payload.exp = Math.floor(Date.now() / 1000) - 60;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Walks the provider's pages as a browser would (cookies kept, redirects followed, the development
 * login and consent forms submitted) from the authorization URL until it redirects to `redirectUri`;
 * answers that final URL (with `code`, `state`, `iss`).
 */
export async function authorize(authorizationUrl: string, redirectUri: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = (pair ?? '').indexOf('=');
      jar.set((pair ?? '').slice(0, at), (pair ?? '').slice(at + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    remember(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    body = html.includes('name="prompt" value="login"')
      ? new URLSearchParams({ prompt: 'login', login, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('the provider never redirected back');
}
