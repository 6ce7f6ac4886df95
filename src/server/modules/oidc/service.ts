/**
 * 统一身份认证 (OIDC): the authorization code flow with PKCE, state and nonce, as a relying party of
 * the office's identity provider (Keycloak, MaxKey, Authing …). A sign-in only ever finds an
 * existing, enabled user by the username claim; it never creates one. See docs/identity.md.
 */
import type { Configuration } from 'openid-client';
import type { OidcConfig } from '../../config';
import type { AppContext } from '../../context';
import type { AuthService } from '../auth/service';

/** Why a sign-in came back without a session; the login page shows each in Chinese. */
export type OidcFailure = 'oidc_unknown_user' | 'oidc_disabled' | 'oidc_failed' | 'oidc_unavailable';

/** What the browser keeps (HttpOnly cookie) between the redirect to the provider and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString('base64url');
}

export function decodePending(value: string | undefined): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    if (
      typeof parsed.state === 'string' &&
      typeof parsed.nonce === 'string' &&
      typeof parsed.verifier === 'string'
    ) {
      return parsed as PendingSignIn;
    }
  } catch {
    // Not ours: treated as no pending sign-in.
  }
  return undefined;
}

const isLoopbackHttp = (url: string) => new URL(url).protocol === 'http:';

/** openid-client, imported on the first sign-in through OIDC (most installations have none). */
const openidClient = () => import('openid-client');

export function createOidcService(ctx: AppContext, auth: AuthService) {
  const { log } = ctx;
  const settings: OidcConfig | undefined = ctx.config.oidc;
  let configuration: Promise<Configuration> | undefined;

  /** The provider's metadata, fetched on first use and kept; a failure is retried next time. */
  function discover(oidc: OidcConfig): Promise<Configuration> {
    configuration ??= openidClient()
      .then((oidcClient) =>
        oidcClient.discovery(
          new URL(oidc.issuer),
          oidc.clientId,
          undefined,
          oidc.clientSecret ? oidcClient.ClientSecretBasic(oidc.clientSecret) : oidcClient.None(),
          {
            timeout: 10,
            // config.ts accepts plain http only for a provider on this machine (tests, a local proxy).
            execute: isLoopbackHttp(oidc.issuer) ? [oidcClient.allowInsecureRequests] : [],
          },
        ),
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  }

  return {
    enabled: settings !== undefined,

    /** GET /api/auth/oidc/start: where to send the browser, and what to remember meanwhile. */
    async start(
      redirectUri: string,
    ): Promise<{ url: string; pending: PendingSignIn } | { failure: OidcFailure }> {
      if (!settings) return { failure: 'oidc_unavailable' };
      let config: Configuration;
      try {
        config = await discover(settings);
      } catch (error) {
        log.warn({ err: error }, 'OIDC provider unreachable (discovery)');
        return { failure: 'oidc_unavailable' };
      }
      const oidcClient = await openidClient();
      const pending: PendingSignIn = {
        state: oidcClient.randomState(),
        nonce: oidcClient.randomNonce(),
        verifier: oidcClient.randomPKCECodeVerifier(),
      };
      const url = oidcClient.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        response_type: 'code',
        code_challenge: await oidcClient.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    /**
     * GET /api/auth/oidc/callback: exchanges the code (PKCE verifier, state and nonce checked by
     * openid-client) and signs the matching user in. Every failure is audited and answered as a
     * reason for the login page, never as a new account.
     */
    async callback(
      callbackUrl: URL,
      pending: PendingSignIn | undefined,
      meta: { ip: string | null; userAgent: string | null },
    ) {
      const fail = async (failure: OidcFailure, reason: string, error?: unknown) => {
        if (error) log.warn({ err: error, reason }, 'OIDC sign-in failed');
        await auth.recordExternalFailure(meta.ip, reason);
        return { ok: false as const, failure };
      };
      if (!settings) return fail('oidc_unavailable', 'not_configured');
      if (!pending) return fail('oidc_failed', 'no_pending_sign_in');
      let config: Configuration;
      try {
        config = await discover(settings);
      } catch (error) {
        return fail('oidc_unavailable', 'provider_unreachable', error);
      }
      const oidcClient = await openidClient();
      let claims: Record<string, unknown> | undefined;
      try {
        const tokens = await oidcClient.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
        if (claims && claims[settings.usernameClaim] === undefined) {
          // Some providers put the claim only into the userinfo answer.
          claims = {
            ...claims,
            ...(await oidcClient.fetchUserInfo(config, tokens.access_token, claims.sub as string)),
          };
        }
      } catch (error) {
        const code = (error as { code?: string; error?: string }).error ?? (error as { code?: string }).code;
        const unreachable = error instanceof TypeError || /fetch|ECONN|timeout/i.test(String(error));
        return fail(unreachable ? 'oidc_unavailable' : 'oidc_failed', String(code ?? 'rejected'), error);
      }
      const username = claims?.[settings.usernameClaim];
      if (typeof username !== 'string' || username.trim() === '') {
        return fail('oidc_failed', `no_${settings.usernameClaim}_claim`);
      }
      const result = await auth.loginExternal(username, meta);
      if (!result.ok) return { ok: false as const, failure: `oidc_${result.reason}` as OidcFailure };
      return { ok: true as const, session: result.session };
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
