//! Queries for single sign-on: the provider settings of an organisation, the logins under way,
//! and finding (or, when allowed, creating) the person an identity provider vouches for.

use sqlx::Row;

use crate::ai::settings::{seal, unseal};
use crate::db::{Db, Flag, now};
use crate::error::{Error, Result};

/// A pending login is good for this long: enough to type a password and answer an MFA prompt.
pub const PENDING_SECONDS: i64 = 600;

/// Which claim of the ID token names the person in Hartslag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchClaim {
    /// The e-mail address, case-insensitive; the provider's subject is recorded at the first match
    /// and counts from then on.
    Email,
    /// The provider's subject, as provisioned (SCIM, CSV) into `people.oidc_subject`.
    Sub,
}

impl MatchClaim {
    pub fn code(self) -> &'static str {
        match self {
            MatchClaim::Email => "email",
            MatchClaim::Sub => "sub",
        }
    }
    pub fn parse(s: &str) -> Option<MatchClaim> {
        [MatchClaim::Email, MatchClaim::Sub].into_iter().find(|m| m.code() == s)
    }
}

/// An organisation's OpenID Provider, as its administrator set it up.
#[derive(Clone, Debug)]
pub struct Provider {
    pub org_id: i64,
    pub issuer: String,
    pub client_id: String,
    /// Sealed with the server's key; empty for a public client.
    pub client_secret_sealed: String,
    /// Asked for besides `openid`, separated by spaces.
    pub scopes: String,
    pub match_claim: MatchClaim,
    /// The claim that lists the person's groups; empty: roles are not taken from the provider.
    pub groups_claim: String,
    /// Members of this group are administrators; empty: the role is left alone.
    pub admin_group: String,
    /// Members of this group are L&D advisers; empty: the role is left alone.
    pub adviser_group: String,
    pub create_people: bool,
    pub enabled: bool,
    pub label: String,
}

impl Provider {
    /// What a new organisation starts from: nothing set, switched off.
    pub fn empty(org_id: i64) -> Provider {
        Provider {
            org_id,
            issuer: String::new(),
            client_id: String::new(),
            client_secret_sealed: String::new(),
            scopes: "email profile".into(),
            match_claim: MatchClaim::Email,
            groups_claim: String::new(),
            admin_group: String::new(),
            adviser_group: String::new(),
            create_people: false,
            enabled: false,
            label: String::new(),
        }
    }

    pub fn has_secret(&self) -> bool {
        !self.client_secret_sealed.is_empty()
    }

    /// The client secret in the clear, for the one request that needs it.
    pub fn client_secret(&self, secret: &[u8; 32]) -> Result<Option<String>> {
        if self.client_secret_sealed.is_empty() {
            return Ok(None);
        }
        unseal(secret, &self.client_secret_sealed).map(Some)
    }

    /// The scopes to ask for besides `openid`.
    pub fn scope_list(&self) -> impl Iterator<Item = &str> {
        self.scopes.split_whitespace().filter(|s| *s != "openid")
    }
}

const PROVIDER_COLUMNS: &str = "s.org_id, s.issuer, s.client_id, s.client_secret_sealed, s.scopes, s.match_claim, \
     s.groups_claim, s.admin_group, s.adviser_group, s.create_people, s.enabled, s.label";

fn provider_from_row(r: &sqlx::any::AnyRow) -> Result<Provider> {
    Ok(Provider {
        org_id: r.try_get("org_id")?,
        issuer: r.try_get("issuer")?,
        client_id: r.try_get("client_id")?,
        client_secret_sealed: r.try_get("client_secret_sealed")?,
        scopes: r.try_get("scopes")?,
        match_claim: MatchClaim::parse(&r.try_get::<String, _>("match_claim")?).unwrap_or(MatchClaim::Email),
        groups_claim: r.try_get("groups_claim")?,
        admin_group: r.try_get("admin_group")?,
        adviser_group: r.try_get("adviser_group")?,
        create_people: r.try_get::<Flag, _>("create_people")?.0,
        enabled: r.try_get::<Flag, _>("enabled")?.0,
        label: r.try_get("label")?,
    })
}

/// The organisation's provider settings, or the empty ones.
pub async fn provider(db: &Db, org_id: i64) -> Result<Provider> {
    let sql = format!("SELECT {PROVIDER_COLUMNS} FROM sso_providers s WHERE s.org_id = $1");
    let row = sqlx::query(&sql).bind(org_id).fetch_optional(&db.pool).await?;
    row.map(|r| provider_from_row(&r)).transpose().map(|p| p.unwrap_or_else(|| Provider::empty(org_id)))
}

/// The switched-on provider of the organisation with this slug.
pub async fn enabled_provider_by_slug(db: &Db, slug: &str) -> Result<Option<Provider>> {
    let sql = format!(
        "SELECT {PROVIDER_COLUMNS} FROM sso_providers s JOIN organisations o ON o.id = s.org_id \
         WHERE o.slug = $1 AND s.enabled = TRUE"
    );
    let row = sqlx::query(&sql).bind(slug).fetch_optional(&db.pool).await?;
    row.map(|r| provider_from_row(&r)).transpose()
}

/// A button on the login page.
#[derive(Clone, Debug)]
pub struct Button {
    pub slug: String,
    pub label: String,
}

/// Every organisation whose people may sign in through their provider, by label.
pub async fn buttons(db: &Db) -> Result<Vec<Button>> {
    let rows = sqlx::query(
        "SELECT o.slug, CASE WHEN s.label = '' THEN o.name ELSE s.label END AS label \
         FROM sso_providers s JOIN organisations o ON o.id = s.org_id WHERE s.enabled = TRUE ORDER BY label, o.slug",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok(Button { slug: r.try_get("slug")?, label: r.try_get("label")? })).collect()
}

/// What an administrator submits. An empty secret keeps the stored one; `clear_secret` removes it.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub clear_secret: bool,
    pub scopes: String,
    pub match_claim: String,
    pub groups_claim: String,
    pub admin_group: String,
    pub adviser_group: String,
    pub create_people: bool,
    pub enabled: bool,
    pub label: String,
}

/// An issuer address: `https`, or `http` on this machine only (a provider in a test). No query
/// or fragment: the provider's metadata must name exactly this issuer.
pub fn check_issuer(issuer: &str) -> Result<String> {
    let issuer = issuer.trim();
    let bad = || Error::invalid("sso-issuer-invalid");
    if issuer.chars().count() > 300 {
        return Err(bad());
    }
    let url = openidconnect::url::Url::parse(issuer).map_err(|_| bad())?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !scheme_ok || url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(bad());
    }
    Ok(issuer.to_string())
}

fn short(value: &str, max: usize, key: &'static str) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(Error::invalid(key));
    }
    Ok(v.to_string())
}

/// Checks a change against the stored settings and returns what would be stored; bad input is
/// an error and nothing is stored.
pub fn checked(current: &Provider, c: &Change, secret: &[u8; 32], has_public_url: bool) -> Result<Provider> {
    let issuer = if c.issuer.trim().is_empty() { String::new() } else { check_issuer(&c.issuer)? };
    let client_id = short(&c.client_id, 300, "sso-client-id-invalid")?;
    let match_claim = MatchClaim::parse(&c.match_claim).ok_or(Error::invalid("sso-match-invalid"))?;
    let scopes = short(&c.scopes, 300, "sso-scopes-invalid")?;
    if !scopes.split_whitespace().all(|s| s.chars().all(|ch| ch.is_ascii_graphic() && ch != '"' && ch != '\\')) {
        return Err(Error::invalid("sso-scopes-invalid"));
    }
    let groups_claim = short(&c.groups_claim, 100, "sso-group-invalid")?;
    let admin_group = short(&c.admin_group, 300, "sso-group-invalid")?;
    let adviser_group = short(&c.adviser_group, 300, "sso-group-invalid")?;
    if groups_claim.is_empty() && !(admin_group.is_empty() && adviser_group.is_empty()) {
        return Err(Error::invalid("sso-groups-claim-needed"));
    }
    let label = short(&c.label, 60, "sso-label-invalid")?;
    if c.client_secret.chars().count() > 500 {
        return Err(Error::invalid("sso-secret-too-long"));
    }
    let client_secret_sealed = if c.clear_secret {
        String::new()
    } else if c.client_secret.trim().is_empty() {
        current.client_secret_sealed.clone()
    } else {
        seal(secret, c.client_secret.trim())?
    };
    if c.enabled {
        if issuer.is_empty() || client_id.is_empty() {
            return Err(Error::invalid("sso-enable-needs-client"));
        }
        if !has_public_url {
            return Err(Error::invalid("sso-no-public-url"));
        }
    }
    Ok(Provider {
        org_id: current.org_id,
        issuer,
        client_id,
        client_secret_sealed,
        scopes,
        match_claim,
        groups_claim,
        admin_group,
        adviser_group,
        create_people: c.create_people,
        enabled: c.enabled,
        label,
    })
}

/// Checks and stores the settings, with their audit row in the same transaction; bad input
/// changes nothing.
pub async fn save(
    db: &Db,
    by: crate::audit::By<'_>,
    secret: &[u8; 32],
    has_public_url: bool,
    c: &Change,
) -> Result<()> {
    let org_id = by.org_id();
    let current = provider(db, org_id).await?;
    let p = checked(&current, c, secret, has_public_url)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO sso_providers (org_id, issuer, client_id, client_secret_sealed, scopes, match_claim, groups_claim, \
         admin_group, adviser_group, create_people, enabled, label, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (org_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id, \
         client_secret_sealed = excluded.client_secret_sealed, scopes = excluded.scopes, \
         match_claim = excluded.match_claim, groups_claim = excluded.groups_claim, admin_group = excluded.admin_group, \
         adviser_group = excluded.adviser_group, create_people = excluded.create_people, enabled = excluded.enabled, \
         label = excluded.label, updated_at = excluded.updated_at",
    )
    .bind(org_id)
    .bind(&p.issuer)
    .bind(&p.client_id)
    .bind(&p.client_secret_sealed)
    .bind(&p.scopes)
    .bind(p.match_claim.code())
    .bind(&p.groups_claim)
    .bind(&p.admin_group)
    .bind(&p.adviser_group)
    .bind(p.create_people)
    .bind(p.enabled)
    .bind(&p.label)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let detail = format!("{} {}", if p.enabled { "on" } else { "off" }, p.issuer);
    crate::audit::record_in(&mut tx, by, crate::audit::Action::SsoSettings, None, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A login that went to the provider: what the callback needs to finish it.
#[derive(Clone, Debug)]
pub struct Pending {
    pub org_id: i64,
    pub verifier: String,
    pub nonce: String,
    pub next: String,
}

/// Remembers a login under way, keyed by the hash of its `state`; forgets expired ones.
pub async fn begin(db: &Db, secret: &[u8; 32], state: &str, p: &Pending) -> Result<()> {
    let t = now();
    sqlx::query("DELETE FROM sso_logins WHERE expires_at < $1").bind(t).execute(&db.pool).await?;
    sqlx::query(
        "INSERT INTO sso_logins (state_hash, org_id, verifier_sealed, nonce, next_path, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(crate::auth::token_hash(state))
    .bind(p.org_id)
    .bind(seal(secret, &p.verifier)?)
    .bind(&p.nonce)
    .bind(&p.next)
    .bind(t)
    .bind(t + PENDING_SECONDS)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Takes a login under way out of the table: a `state` works once, and not after it expired.
pub async fn take(db: &Db, secret: &[u8; 32], state: &str) -> Result<Option<Pending>> {
    let row = sqlx::query(
        "DELETE FROM sso_logins WHERE state_hash = $1 RETURNING org_id, verifier_sealed, nonce, next_path, expires_at",
    )
    .bind(crate::auth::token_hash(state))
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    if r.try_get::<i64, _>("expires_at")? < now() {
        return Ok(None);
    }
    Ok(Some(Pending {
        org_id: r.try_get("org_id")?,
        verifier: unseal(secret, &r.try_get::<String, _>("verifier_sealed")?)?,
        nonce: r.try_get("nonce")?,
        next: r.try_get("next_path")?,
    }))
}

/// What the provider told us about the person, from the verified ID token (and the userinfo
/// endpoint for what the token left out).
#[derive(Clone, Debug, Default)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub name: Option<String>,
    /// `None` when the claim was absent: then roles stay as they are.
    pub groups: Option<Vec<String>>,
}

/// Why a verified identity does not get a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody in the organisation matches, and creating people at first login is off.
    Unknown,
    /// The person's account is deactivated.
    Inactive,
    /// The e-mail address belongs to a person already linked to another subject.
    SubjectMismatch,
    /// Matching or creating needs an e-mail address and the provider sent none.
    NoEmail,
    /// The provider says the address is not verified.
    EmailUnverified,
    /// The address is in use in another organisation.
    EmailElsewhere,
}

impl Refusal {
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Unknown => "sso-refused-unknown",
            Refusal::Inactive => "sso-refused-inactive",
            Refusal::SubjectMismatch => "sso-refused-subject",
            Refusal::NoEmail => "sso-refused-no-email",
            Refusal::EmailUnverified => "sso-refused-unverified",
            Refusal::EmailElsewhere => "sso-refused-elsewhere",
        }
    }
}

struct Found {
    id: i64,
    active: bool,
    is_admin: bool,
    is_adviser: bool,
    subject: Option<String>,
}

async fn find(db: &Db, org_id: i64, column: &str, value: &str) -> Result<Option<Found>> {
    let sql = format!(
        "SELECT id, active, is_admin, is_adviser, oidc_subject FROM people WHERE org_id = $1 AND {column} = $2"
    );
    let row = sqlx::query(&sql).bind(org_id).bind(value).fetch_optional(&db.pool).await?;
    row.map(|r| {
        Ok(Found {
            id: r.try_get("id")?,
            active: r.try_get::<Flag, _>("active")?.0,
            is_admin: r.try_get::<Flag, _>("is_admin")?.0,
            is_adviser: r.try_get::<Flag, _>("is_adviser")?.0,
            subject: r.try_get("oidc_subject")?,
        })
    })
    .transpose()
}

/// The person this identity signs in as, or why not. Links the subject at the first match by
/// e-mail, creates the person when the organisation allows it, and applies the group mapping.
/// A refused identity changes nothing.
pub async fn person_for(db: &Db, p: &Provider, id: &Identity) -> Result<std::result::Result<i64, Refusal>> {
    let email = id.email.as_deref().map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty());
    let mut found = find(db, p.org_id, "oidc_subject", &id.subject).await?;
    if found.is_none() && p.match_claim == MatchClaim::Email {
        let Some(email) = &email else { return Ok(Err(Refusal::NoEmail)) };
        if id.email_verified == Some(false) {
            return Ok(Err(Refusal::EmailUnverified));
        }
        if let Some(f) = find(db, p.org_id, "email", email).await? {
            if f.subject.as_deref().is_some_and(|s| s != id.subject) {
                return Ok(Err(Refusal::SubjectMismatch));
            }
            if !f.active {
                return Ok(Err(Refusal::Inactive));
            }
            let linked = sqlx::query(
                "UPDATE people SET oidc_subject = $1, version = version + 1, updated_at = $2 \
                 WHERE id = $3 AND oidc_subject IS NULL",
            )
            .bind(&id.subject)
            .bind(now())
            .bind(f.id)
            .execute(&db.pool)
            .await;
            match linked {
                Ok(_) => {}
                // Another person of the organisation already holds this subject.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Err(Refusal::SubjectMismatch)),
                Err(e) => return Err(e.into()),
            }
            found = Some(f);
        }
    }
    let person = match found {
        Some(f) if !f.active => return Ok(Err(Refusal::Inactive)),
        Some(f) => f,
        None if !p.create_people => return Ok(Err(Refusal::Unknown)),
        None => {
            let Some(email) = email else { return Ok(Err(Refusal::NoEmail)) };
            if id.email_verified == Some(false) {
                return Ok(Err(Refusal::EmailUnverified));
            }
            let name = id.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&email);
            let name: String = name.chars().take(120).collect();
            let new = crate::orgs::NewPerson { name, email: email.clone(), ..Default::default() };
            let pid = match crate::orgs::create_person(db, p.org_id, &new).await {
                Ok(pid) => pid,
                Err(Error::Conflict(_)) => return Ok(Err(Refusal::EmailElsewhere)),
                Err(Error::Invalid(_)) => return Ok(Err(Refusal::NoEmail)),
                Err(e) => return Err(e),
            };
            sqlx::query("UPDATE people SET oidc_subject = $1, updated_at = $2 WHERE id = $3")
                .bind(&id.subject)
                .bind(now())
                .bind(pid)
                .execute(&db.pool)
                .await?;
            Found { id: pid, active: true, is_admin: false, is_adviser: false, subject: Some(id.subject.clone()) }
        }
    };
    apply_groups(db, p, &person, id.groups.as_deref()).await?;
    Ok(Ok(person.id))
}

/// The roles the group mapping gives: a configured group decides its role; an unconfigured one,
/// or an absent claim, leaves the role as it is.
pub fn mapped_roles(p: &Provider, groups: Option<&[String]>, is_admin: bool, is_adviser: bool) -> (bool, bool) {
    let Some(groups) = groups.filter(|_| !p.groups_claim.is_empty()) else { return (is_admin, is_adviser) };
    let member = |g: &str| groups.iter().any(|x| x == g);
    let admin = if p.admin_group.is_empty() { is_admin } else { member(&p.admin_group) };
    let adviser = if p.adviser_group.is_empty() { is_adviser } else { member(&p.adviser_group) };
    (admin, adviser)
}

async fn apply_groups(db: &Db, p: &Provider, f: &Found, groups: Option<&[String]>) -> Result<()> {
    let (admin, adviser) = mapped_roles(p, groups, f.is_admin, f.is_adviser);
    if (admin, adviser) != (f.is_admin, f.is_adviser) {
        sqlx::query(
            "UPDATE people SET is_admin = $1, is_adviser = $2, version = version + 1, updated_at = $3 WHERE id = $4",
        )
        .bind(admin)
        .bind(adviser)
        .bind(now())
        .bind(f.id)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_groups(admin: &str, adviser: &str) -> Provider {
        Provider {
            groups_claim: "groups".into(),
            admin_group: admin.into(),
            adviser_group: adviser.into(),
            ..Provider::empty(1)
        }
    }

    #[test]
    fn a_configured_group_decides_its_role_and_an_unconfigured_one_leaves_it() {
        let groups = vec!["hartslag-beheer".to_string()];
        let p = with_groups("hartslag-beheer", "");
        assert_eq!(mapped_roles(&p, Some(&groups), false, true), (true, true));
        assert_eq!(mapped_roles(&p, Some(&[]), true, true), (false, true));
        let p = with_groups("", "hartslag-lo");
        assert_eq!(mapped_roles(&p, Some(&groups), true, true), (true, false));
    }

    #[test]
    fn an_absent_groups_claim_or_no_mapping_changes_no_role() {
        let p = with_groups("hartslag-beheer", "hartslag-lo");
        assert_eq!(mapped_roles(&p, None, true, true), (true, true));
        let none = Provider::empty(1);
        assert_eq!(mapped_roles(&none, Some(&[]), true, false), (true, false));
    }

    #[test]
    fn an_issuer_is_https_or_on_this_machine() {
        assert!(check_issuer("https://login.microsoftonline.com/abc/v2.0").is_ok());
        assert!(check_issuer("http://127.0.0.1:4000").is_ok());
        assert!(check_issuer("http://localhost:4000/oidc").is_ok());
        assert!(check_issuer("http://idp.example.org").is_err());
        assert!(check_issuer("https://idp.example.org/?x=1").is_err());
        assert!(check_issuer("ftp://idp.example.org").is_err());
        assert!(check_issuer("geen adres").is_err());
    }

    #[test]
    fn a_client_secret_is_kept_when_left_empty_and_sealed_when_given() {
        let key = [5u8; 32];
        let mut current = Provider::empty(1);
        current.client_secret_sealed = seal(&key, "oud-geheim").unwrap();
        let c = Change { match_claim: "email".into(), ..Change::default() };
        let kept = checked(&current, &c, &key, false).unwrap();
        assert_eq!(kept.client_secret(&key).unwrap().as_deref(), Some("oud-geheim"));
        let c = Change { client_secret: "nieuw-geheim".into(), ..c };
        let new = checked(&current, &c, &key, false).unwrap();
        assert!(!new.client_secret_sealed.contains("nieuw"));
        assert_eq!(new.client_secret(&key).unwrap().as_deref(), Some("nieuw-geheim"));
        let c = Change { clear_secret: true, ..c };
        assert!(!checked(&current, &c, &key, false).unwrap().has_secret());
    }

    #[test]
    fn switching_on_needs_an_issuer_a_client_and_a_public_address() {
        let key = [5u8; 32];
        let current = Provider::empty(1);
        let c = Change { match_claim: "email".into(), enabled: true, ..Change::default() };
        assert!(checked(&current, &c, &key, true).is_err());
        let c = Change { issuer: "https://idp.example.org".into(), client_id: "hartslag".into(), ..c };
        assert!(checked(&current, &c, &key, false).is_err());
        assert!(checked(&current, &c, &key, true).is_ok());
        let c = Change { admin_group: "beheer".into(), ..c };
        assert!(checked(&current, &c, &key, true).is_err(), "a group without the claim that lists groups");
    }
}
