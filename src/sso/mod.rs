//! Single sign-on per organisation through OpenID Connect: the authorization code flow with
//! PKCE (S256), `state` and `nonce`, against the provider an administrator set up.
//!
//! The protocol is the `openidconnect` crate's: discovery, the authorization URL, the code
//! exchange and the ID token's signature, issuer, audience, nonce and expiry checks. This room
//! adds what is Hartslag's: where a login under way is kept (the database, so the callback works
//! on any app node), how a verified identity becomes a person (`store::person_for`), and logout
//! at the provider. It touches `auth` (sessions) and `orgs` (people); the policy decides who may
//! change the settings (`policy::administer`). What is read and kept: `PRIVACY.md`.

mod routes;
pub mod store;

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessToken, AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, LanguageTag, LogoutRequest, Nonce,
    OAuth2TokenResponse as _, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse, SubjectIdentifier, TokenResponse as _,
};
use serde::{Deserialize, Serialize};

pub use routes::{leaving, routes};
pub use store::{Identity, Provider, Refusal};

use crate::error::{Error, Result};
use crate::web::AppState;

/// The path the provider sends the browser back to; register `<public address>/auth/sso/callback`.
pub const CALLBACK_PATH: &str = "/auth/sso/callback";

/// Claims beyond the standard ones (a groups claim, whatever its name), as the provider sent them.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    pub all: HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type Metadata = ProviderMetadataWithLogout;
type IdTokenFields = openidconnect::IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type TokenResponse = StandardTokenResponse<IdTokenFields, CoreTokenType>;
type IdToken =
    openidconnect::IdToken<OtherClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
type UserInfoClaims = openidconnect::UserInfoClaims<OtherClaims, CoreGenderClaim>;
type OidcClient = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// One HTTP client for every provider: no redirects followed (the crate's advice against
/// request forgery), and a provider that does not answer within ten seconds has failed.
static HTTP: LazyLock<openidconnect::reqwest::Client> = LazyLock::new(|| {
    openidconnect::reqwest::Client::builder()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client")
});

/// Discovery documents (with their signing keys) are kept this long per issuer, per node.
const DISCOVERY_CACHE: Duration = Duration::from_secs(300);

static CACHE: LazyLock<Mutex<HashMap<String, (Instant, Metadata)>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// Why the provider could not be used: a message key for people, and the technical detail for
/// the administrator's discovery check and the log.
#[derive(Clone, Debug)]
pub struct Problem {
    pub key: &'static str,
    pub detail: String,
}

impl Problem {
    fn new(key: &'static str, detail: impl ToString) -> Problem {
        Problem { key, detail: detail.to_string() }
    }
}

/// The provider's metadata and keys: from the cache unless `fresh`, and then cached again.
async fn discover(issuer: &str, fresh: bool) -> std::result::Result<Metadata, Problem> {
    if !fresh {
        let cache = CACHE.lock().expect("discovery cache");
        if let Some((at, m)) = cache.get(issuer)
            && at.elapsed() < DISCOVERY_CACHE
        {
            return Ok(m.clone());
        }
    }
    let url = IssuerUrl::new(issuer.to_string()).map_err(|e| Problem::new("sso-issuer-invalid", e))?;
    let metadata = Metadata::discover_async(url, &*HTTP).await.map_err(|e| {
        use openidconnect::DiscoveryError as D;
        match &e {
            D::Request(inner) => Problem::new("sso-discovery-unreachable", format!("{e}: {inner}")),
            D::Response(status, _, _) => Problem::new("sso-discovery-status", format!("HTTP {status}")),
            D::Parse(inner) => Problem::new("sso-discovery-parse", format!("{e}: {inner}")),
            D::Validation(_) => Problem::new("sso-discovery-invalid", &e),
            _ => Problem::new("sso-discovery-unreachable", &e),
        }
    })?;
    CACHE.lock().expect("discovery cache").insert(issuer.to_string(), (Instant::now(), metadata.clone()));
    Ok(metadata)
}

/// What the administrator's discovery check shows.
#[derive(Clone, Debug)]
pub struct Discovered {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: String,
    pub end_session_endpoint: String,
    pub signing_keys: usize,
    pub scopes: String,
    pub claims: String,
}

/// Fetches the issuer's discovery document now (bypassing the cache) and summarises it.
pub async fn check_discovery(issuer: &str) -> std::result::Result<Discovered, Problem> {
    let m = discover(issuer, true).await?;
    let list = |v: Option<String>| v.unwrap_or_default();
    Ok(Discovered {
        issuer: m.issuer().to_string(),
        authorization_endpoint: m.authorization_endpoint().to_string(),
        token_endpoint: m.token_endpoint().map(|u| u.to_string()).unwrap_or_default(),
        userinfo_endpoint: m.userinfo_endpoint().map(|u| u.to_string()).unwrap_or_default(),
        end_session_endpoint: m
            .additional_metadata()
            .end_session_endpoint
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
        signing_keys: m.jwks().keys().len(),
        scopes: list(m.scopes_supported().map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" "))),
        claims: list(m.claims_supported().map(|c| c.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" "))),
    })
}

/// Hartslag's address as the provider's redirects must use it, without a trailing slash.
fn public_url(st: &AppState) -> std::result::Result<String, Problem> {
    st.config
        .public_url
        .as_deref()
        .map(|u| u.trim_end_matches('/').to_string())
        .ok_or_else(|| Problem::new("sso-no-public-url", "HARTSLAG_PUBLIC_URL is not set"))
}

fn client(st: &AppState, p: &Provider, metadata: Metadata) -> std::result::Result<OidcClient, Problem> {
    let secret = p.client_secret(st.secret()).map_err(|e| Problem::new("sso-provider-unavailable", e))?;
    let redirect = RedirectUrl::new(format!("{}{CALLBACK_PATH}", public_url(st)?))
        .map_err(|e| Problem::new("sso-no-public-url", e))?;
    Ok(OidcClient::from_provider_metadata(metadata, ClientId::new(p.client_id.clone()), secret.map(ClientSecret::new))
        .set_redirect_uri(redirect))
}

/// Starts a login: remembers it in the database and returns the provider's authorization URL
/// and the `state`, which the browser also keeps in a cookie.
pub async fn begin(
    st: &AppState,
    p: &Provider,
    next: &str,
    lang: crate::web::Lang,
) -> Result<std::result::Result<(String, String), Problem>> {
    let client = match discover(&p.issuer, false).await.and_then(|m| client(st, p, m)) {
        Ok(c) => c,
        Err(problem) => return Ok(Err(problem)),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let state = crate::auth::random_token();
    let nonce = crate::auth::random_token();
    let (state_for_url, nonce_for_url) = (state.clone(), nonce.clone());
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(state_for_url),
            move || Nonce::new(nonce_for_url),
        )
        .set_pkce_challenge(challenge)
        .add_ui_locale(LanguageTag::new(lang.code().to_string()));
    for scope in p.scope_list() {
        request = request.add_scope(Scope::new(scope.to_string()));
    }
    let (url, _, _) = request.url();
    let pending =
        store::Pending { org_id: p.org_id, verifier: verifier.secret().clone(), nonce, next: next.to_string() };
    store::begin(&st.db, st.secret(), &state, &pending).await?;
    Ok(Ok((url.to_string(), state)))
}

/// What came back from a finished login.
pub struct Finished {
    pub identity: Identity,
    /// The raw ID token, kept sealed with the session for logout.
    pub id_token: String,
}

/// Why a callback did not produce an identity.
pub enum Failed {
    Provider(Problem),
    Internal(Error),
}

impl From<Problem> for Failed {
    fn from(p: Problem) -> Failed {
        Failed::Provider(p)
    }
}

impl From<Error> for Failed {
    fn from(e: Error) -> Failed {
        Failed::Internal(e)
    }
}

/// Exchanges the code (with the PKCE verifier) and verifies the ID token; reads the claims, from
/// the userinfo endpoint too when the token left out the e-mail address or the groups.
pub async fn finish(
    st: &AppState,
    p: &Provider,
    pending: &store::Pending,
    code: &str,
) -> std::result::Result<Finished, Failed> {
    let metadata = discover(&p.issuer, false).await?;
    let mut client = client(st, p, metadata)?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|e| Problem::new("sso-provider-unavailable", e))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(&*HTTP)
        .await
        .map_err(|e| Problem::new("sso-exchange-failed", error_chain(&e)))?;
    let id_token: &IdToken = token.id_token().ok_or_else(|| Problem::new("sso-token-invalid", "no ID token"))?;
    let nonce = Nonce::new(pending.nonce.clone());
    let first = {
        let verifier = client.id_token_verifier();
        id_token.claims(&verifier, &nonce).cloned().map_err(|e| e.to_string())
    };
    let claims = match first {
        Ok(c) => c,
        // The provider may have rolled its signing keys since we cached them: look once more.
        Err(first) => {
            client = self::client(st, p, discover(&p.issuer, true).await?)?;
            let verifier = client.id_token_verifier();
            id_token
                .claims(&verifier, &nonce)
                .map_err(|e| Problem::new("sso-token-invalid", format!("{first}; again: {e}")))?
                .clone()
        }
    };
    let mut identity = Identity {
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified(),
        name: claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
        groups: groups(&claims.additional_claims().all, &p.groups_claim),
    };
    let wants_email = identity.email.is_none();
    let wants_groups = !p.groups_claim.is_empty() && identity.groups.is_none();
    if wants_email || wants_groups || identity.name.is_none() {
        let subject = SubjectIdentifier::new(identity.subject.clone());
        if let Ok(request) = client.user_info(AccessToken::new(token.access_token().secret().clone()), Some(subject)) {
            match request.request_async::<OtherClaims, _, CoreGenderClaim>(&*HTTP).await {
                Ok(info) => merge_user_info(&mut identity, &info, &p.groups_claim),
                Err(e) => tracing::warn!(org_id = p.org_id, error = %error_chain(&e), "userinfo request failed"),
            }
        }
    }
    Ok(Finished { identity, id_token: id_token.to_string() })
}

fn merge_user_info(identity: &mut Identity, info: &UserInfoClaims, groups_claim: &str) {
    if identity.email.is_none() {
        identity.email = info.email().map(|e| e.to_string());
        identity.email_verified = info.email_verified();
    }
    if identity.name.is_none() {
        identity.name = info.name().and_then(|n| n.get(None)).map(|n| n.to_string());
    }
    if identity.groups.is_none() {
        identity.groups = groups(&info.additional_claims().all, groups_claim);
    }
}

/// A groups claim as a list: an array of strings, or one string. `None` when absent (or when no
/// claim is configured), which leaves roles alone.
fn groups(claims: &HashMap<String, serde_json::Value>, name: &str) -> Option<Vec<String>> {
    if name.is_empty() {
        return None;
    }
    match claims.get(name)? {
        serde_json::Value::Array(items) => Some(items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()),
        serde_json::Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

/// An error with its causes, for the log (never the code, the verifier or a secret: the crate's
/// errors carry none of them).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Where the browser goes after a Hartslag session that began at the provider has ended: the
/// provider's end-session endpoint with the ID token as hint and the login page to come back
/// to, when the provider publishes one. `None` otherwise (the person is still signed in at the
/// provider, as with any application that only ends its own session).
pub async fn end_session_url(st: &AppState, person_id: i64, id_token_sealed: &str) -> Option<(String, String)> {
    let attempt = async {
        let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_one(&st.db.pool)
            .await?;
        let p = store::provider(&st.db, org_id).await?;
        if p.issuer.is_empty() {
            return Ok::<_, Error>(None);
        }
        let raw = crate::ai::settings::unseal(st.secret(), id_token_sealed)?;
        let Ok(metadata) = discover(&p.issuer, false).await else { return Ok(None) };
        let Some(endpoint) = metadata.additional_metadata().end_session_endpoint.clone() else { return Ok(None) };
        let id_token: IdToken = raw.parse().map_err(|e| Error::Internal(anyhow::anyhow!("stored ID token: {e}")))?;
        let Ok(back) = public_url(st) else { return Ok(None) };
        let back = PostLogoutRedirectUrl::new(format!("{back}/login"))
            .map_err(|e| Error::Internal(anyhow::anyhow!("post-logout address: {e}")))?;
        let url = LogoutRequest::from(endpoint)
            .set_id_token_hint(&id_token)
            .set_client_id(ClientId::new(p.client_id.clone()))
            .set_post_logout_redirect_uri(back)
            .http_get_url();
        let label = if p.label.is_empty() { crate::orgs::settings(&st.db, org_id).await?.name } else { p.label };
        Ok(Some((url.to_string(), label)))
    };
    match attempt.await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(person_id, error = %e, "logout at the identity provider skipped");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_groups_claim_is_a_list_or_one_string_and_absent_is_none() {
        let mut claims = HashMap::new();
        claims.insert("groups".to_string(), serde_json::json!(["a", "b", 3]));
        claims.insert("role".to_string(), serde_json::json!("beheer"));
        assert_eq!(groups(&claims, "groups"), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(groups(&claims, "role"), Some(vec!["beheer".to_string()]));
        assert_eq!(groups(&claims, "missing"), None);
        assert_eq!(groups(&claims, ""), None);
    }
}
