// A real OpenID Provider for Hartslag's single sign-on tests: panva's oidc-provider with its
// built-in development login and consent pages (any password is accepted; the login name is the
// account's subject). Plain http on 127.0.0.1 only.
//
// Settings come from the environment:
//   OIDC_PORT                 port to listen on (or the first argument)
//   OIDC_CLIENT_ID            the one client's id
//   OIDC_CLIENT_SECRET        its secret (client_secret_basic)
//   OIDC_REDIRECT_URIS        space-separated redirect URIs
//   OIDC_POST_LOGOUT_URIS     space-separated post-logout redirect URIs
//   OIDC_ACCOUNTS             JSON list of accounts: {"sub", "email", "email_verified", "name", "groups"}
//   OIDC_CLAIMS_IN_ID_TOKEN   "1": put the scopes' claims in the ID token too (as Entra ID does);
//                             otherwise they come from the userinfo endpoint only (the spec's default)
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const env = process.env;
const port = Number(env.OIDC_PORT || process.argv[2]);
if (!port) {
  console.error('set OIDC_PORT');
  process.exit(2);
}
const words = (s) => (s || '').split(/\s+/).filter(Boolean);
const accounts = new Map(JSON.parse(env.OIDC_ACCOUNTS || '[]').map((a) => [a.sub, a]));

// A fresh signing key per run: nothing secret is committed.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `test-${Date.now()}`, use: 'sig', alg: 'RS256' };

const configuration = {
  clients: [
    {
      client_id: env.OIDC_CLIENT_ID,
      client_secret: env.OIDC_CLIENT_SECRET,
      redirect_uris: words(env.OIDC_REDIRECT_URIS),
      post_logout_redirect_uris: words(env.OIDC_POST_LOGOUT_URIS),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  conformIdTokenClaims: env.OIDC_CLAIMS_IN_ID_TOKEN !== '1',
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // Every client must use PKCE, so a client that forgot it fails here as it would at a strict provider.
  pkce: { required: () => true },
  cookies: { keys: ['hartslag-test-provider-cookies'] },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const claims = { sub: id };
        for (const k of ['email', 'email_verified', 'name', 'groups']) {
          if (account[k] !== undefined) claims[k] = account[k];
        }
        return claims;
      },
    };
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on http://127.0.0.1:${port}`);
});
