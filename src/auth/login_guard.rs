//! The login form's defence against login CSRF, before there is a session to hold a token.
//!
//! A page elsewhere could post the attacker's own e-mail and password to `/login`, so the
//! victim works on, unaware, in the attacker's account (and types reflections into it). Two
//! checks, neither needing JavaScript:
//!
//! - **A signed double-submit token.** Rendering the login page sets a short-lived cookie
//!   (`HttpOnly`, `SameSite=Lax`, path `/login`) and puts the same value in a hidden field.
//!   The value is `<expiry>.<nonce>.<mac>`, with an HMAC under the server key, so it cannot be
//!   made up elsewhere and stops counting after [`TOKEN_SECONDS`] on the server too. A post
//!   must carry the cookie and the field, equal (compared in constant time) and valid.
//! - **The browser's own word on where the post came from.** A cross-site `Sec-Fetch-Site`,
//!   or an `Origin` that is not this site (or is `null`), is refused whatever the token says.
//!
//! A refused post changes nothing: no attempt is counted, no session is made.

use axum::http::{HeaderMap, header};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The cookie that holds the login page's token.
pub const COOKIE: &str = "hartslag_login";
/// The hidden field that repeats it.
pub const FIELD: &str = "login_csrf";
/// How long a login page's token counts: long enough to find a password.
pub const TOKEN_SECONDS: i64 = 2 * 3600;

fn mac(secret: &[u8; 32], body: &str) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(b"hartslag login form\0");
    m.update(body.as_bytes());
    m
}

/// A new token for a login page rendered at `now`.
pub fn issue(secret: &[u8; 32], now: i64) -> String {
    let body = format!("{}.{}", now + TOKEN_SECONDS, &super::random_token()[..32]);
    let tag = hex::encode(mac(secret, &body).finalize().into_bytes());
    format!("{body}.{tag}")
}

/// The token made here, not yet expired.
fn valid(secret: &[u8; 32], token: &str, now: i64) -> bool {
    let Some((body, tag)) = token.rsplit_once('.') else { return false };
    let Ok(tag) = hex::decode(tag) else { return false };
    if mac(secret, body).verify_slice(&tag).is_err() {
        return false;
    }
    let expires = body.split_once('.').and_then(|(e, _)| e.parse::<i64>().ok());
    expires.is_some_and(|e| e > now)
}

/// Cookie and field carry the same valid token.
pub fn token_matches(secret: &[u8; 32], cookie: Option<&str>, field: &str, now: i64) -> bool {
    let Some(cookie) = cookie else { return false };
    let same: bool = cookie.as_bytes().ct_eq(field.as_bytes()).into();
    same && valid(secret, cookie, now)
}

/// The request says it comes from another site: `Sec-Fetch-Site: cross-site`, or an `Origin`
/// whose host is not the one the request was sent to: its `Host`, the `X-Forwarded-Host` a
/// reverse proxy passes on (a page elsewhere cannot set either on a form post), or the
/// configured public address.
pub fn cross_site(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if value("sec-fetch-site").is_some_and(|s| s.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let Ok(origin) = origin.to_str() else { return true };
    let Some((_, origin_host)) = origin.trim().split_once("://") else { return true };
    let origin_host = origin_host.trim_end_matches('/');
    let host = value("host");
    let forwarded = value("x-forwarded-host").and_then(|v| v.split(',').next()).map(str::trim);
    let public_host = public_url.and_then(|u| u.split_once("://")).map(|(_, h)| h.trim_end_matches('/'));
    let ours = |h: Option<&str>| h.is_some_and(|h| h.eq_ignore_ascii_case(origin_host));
    !(ours(host) || ours(forwarded) || ours(public_host))
}

/// The cookie that carries a login page's token.
pub fn cookie(token: &str, secure: bool) -> cookie::Cookie<'static> {
    crate::web::new_cookie(COOKIE, token, "/login", TOKEN_SECONDS, secure)
}

/// Removes it once it has served (after a successful login).
pub fn clear_cookie(secure: bool) -> cookie::Cookie<'static> {
    crate::web::new_cookie(COOKIE, "", "/login", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn a_token_counts_only_while_fresh_signed_and_repeated() {
        let t = issue(&KEY, 1000);
        assert!(token_matches(&KEY, Some(&t), &t, 1001));
        assert!(!token_matches(&KEY, Some(&t), &t, 1000 + TOKEN_SECONDS), "expired");
        assert!(!token_matches(&KEY, None, &t, 1001), "no cookie");
        assert!(!token_matches(&KEY, Some(&t), "", 1001), "no field");
        let other = issue(&KEY, 1000);
        assert!(!token_matches(&KEY, Some(&t), &other, 1001), "cookie and field differ");
        assert!(!token_matches(&[8; 32], Some(&t), &t, 1001), "another server's key");
        let (body, _) = t.rsplit_once('.').unwrap();
        let forged = format!("{body}.{}", "00".repeat(32));
        assert!(!token_matches(&KEY, Some(&forged), &forged, 1001), "a made-up signature");
        let later = format!("9999999999{}", &t[t.find('.').unwrap()..]);
        assert!(!token_matches(&KEY, Some(&later), &later, 1001), "a moved expiry breaks the signature");
    }

    #[test]
    fn a_post_from_another_site_is_recognised() {
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, v.parse().unwrap());
            }
            m
        };
        assert!(!cross_site(&h(&[("host", "hartslag.test")]), None), "no Origin: older browsers, curl");
        assert!(!cross_site(&h(&[("host", "hartslag.test"), ("origin", "https://hartslag.test")]), None));
        assert!(!cross_site(&h(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]), None));
        assert!(!cross_site(
            &h(&[("host", "10.0.0.5:8080"), ("origin", "https://hartslag.test")]),
            Some("https://hartslag.test/")
        ));
        assert!(!cross_site(&h(&[("host", "hartslag.test"), ("sec-fetch-site", "same-origin")]), None));
        let proxied =
            [("host", "127.0.0.1:8080"), ("x-forwarded-host", "hartslag.test"), ("origin", "https://hartslag.test")];
        assert!(!cross_site(&h(&proxied), None), "behind a proxy that passes the host on");
        assert!(cross_site(&h(&[("host", "127.0.0.1:8080"), ("origin", "https://hartslag.test")]), None));
        assert!(cross_site(&h(&[("host", "hartslag.test"), ("origin", "https://evil.example")]), None));
        assert!(cross_site(&h(&[("host", "hartslag.test"), ("origin", "https://hartslag.test.evil.example")]), None));
        assert!(cross_site(&h(&[("host", "hartslag.test"), ("origin", "null")]), None));
        assert!(cross_site(&h(&[("host", "hartslag.test"), ("sec-fetch-site", "cross-site")]), None));
    }
}
