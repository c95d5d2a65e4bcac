//! Dutch first, English second: Fluent messages from `locales/`, chosen per request.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

use crate::error::Msg;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static NL: LanguageIdentifier = langid!("nl");
static EN: LanguageIdentifier = langid!("en");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().get(..2).map(|p| p.to_ascii_lowercase()) {
            Some(p) if p == "nl" => Some(Lang::Nl),
            Some(p) if p == "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// The message for `key`.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The message for `key`, if there is one (for words looked up from data, such as a state).
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), key)
    }

    /// The message for `key` with named arguments.
    pub fn ta(self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                // A number only when it reads back the same: "00123" (an employee number) stays text.
                let value = match v.parse::<i64>() {
                    Ok(n) if n.to_string() == *v => FluentValue::from(n),
                    _ => FluentValue::from(v.clone()),
                };
                (Cow::Owned(k.to_string()), value)
            })
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &map)
    }

    pub fn msg(self, m: &Msg) -> String {
        let args: Vec<(&str, String)> = m.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        self.ta(m.key, &args)
    }

    /// From the `lang` cookie, else `Accept-Language`, else Dutch.
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
        if let Some(l) = super::cookie(headers, "lang").and_then(|v| Lang::parse(&v)) {
            return l;
        }
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').find_map(Lang::parse))
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message keys of every `.ftl` file of a language (the loader reads them all).
    fn catalogue(lang: &str) -> std::collections::BTreeSet<String> {
        let mut keys = std::collections::BTreeSet::new();
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "ftl") {
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let Some((key, _)) = line.split_once('=') else { continue };
                let key = key.trim_end();
                let first = key.chars().next();
                // A message starts a line; continuation lines and comments do not.
                if first.is_some_and(|c| c.is_ascii_alphabetic())
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    assert!(keys.insert(key.to_string()), "{key} twice in locales/{lang}");
                }
            }
        }
        keys
    }

    /// Every file under `dir` (recursively) whose name ends in `suffix`.
    fn files(dir: &std::path::Path, suffix: &str, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, suffix, out);
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }

    fn is_key(s: &str) -> bool {
        s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    /// The literal keys handed to one of `calls` in `text`: a `t(…)` or `Error::invalid(…)` whose
    /// argument is a string.
    fn keys_called(text: &str, calls: &[&str], out: &mut Vec<String>) {
        for call in calls {
            let needle = format!("{call}(\"");
            let mut rest = text;
            while let Some(at) = rest.find(&needle) {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + needle.len()..];
                // `t(` must be the whole name, not the end of `get(` or `format(`.
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                if let Some(end) = rest.find('"')
                    && is_key(&rest[..end])
                {
                    out.push(rest[..end].to_string());
                }
            }
        }
    }

    /// The key that `required`, `optional` and `hours_to_minutes` get as their last argument.
    fn keys_last_argument(text: &str, calls: &[&str], out: &mut Vec<String>) {
        for call in calls {
            let needle = format!("{call}(");
            let mut rest = text;
            while let Some(at) = rest.find(&needle) {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + needle.len()..];
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let args = &rest[..rest.find(')').unwrap_or(rest.len())];
                if let Some(last) = args.rsplit(',').next().map(str::trim)
                    && let Some(key) = last.strip_prefix('"').and_then(|l| l.strip_suffix('"'))
                    && is_key(key)
                {
                    out.push(key.to_string());
                }
            }
        }
    }

    /// Every message exists in both languages, in all their files, so no page shows a bare key.
    #[test]
    fn dutch_and_english_have_the_same_keys() {
        let nl = catalogue("nl");
        let en = catalogue("en");
        assert!(nl.len() > 50, "expected a real message catalogue");
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(only_nl.is_empty() && only_en.is_empty(), "nl only: {only_nl:?}; en only: {only_en:?}");
    }

    /// Every key a template or the code names literally is in both catalogues: "Unknown
    /// localization key" never reaches a page. (Keys built at run time, such as `state-{}`, are
    /// for the browser walk in `tests/browser.rs` to catch.)
    #[test]
    fn every_key_used_in_templates_and_code_exists_in_both_languages() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        let mut templates = Vec::new();
        files(&src, ".html", &mut templates);
        assert!(templates.len() > 30, "the templates were found");
        for path in &templates {
            let text = std::fs::read_to_string(path).unwrap();
            let before = used.len();
            keys_called(&text, &["t", "ta"], &mut used);
            for key in &mut used[before..] {
                *key = format!("{key} ({})", path.strip_prefix(&src).unwrap().display());
            }
        }
        let mut code = Vec::new();
        files(&src, ".rs", &mut code);
        for path in &code {
            let text = std::fs::read_to_string(path).unwrap();
            let before = used.len();
            keys_called(
                &text,
                &["t", "ta", "Error::invalid", "Error::conflict", "Msg::new", "on_unique", "Problem::new"],
                &mut used,
            );
            keys_last_argument(&text, &["required", "optional", "hours_to_minutes"], &mut used);
            for key in &mut used[before..] {
                *key = format!("{key} ({})", path.strip_prefix(&src).unwrap().display());
            }
        }
        assert!(used.len() > 500, "the keys in use were found ({})", used.len());
        let (nl, en) = (catalogue("nl"), catalogue("en"));
        let missing: Vec<&String> = used
            .iter()
            .filter(|u| {
                let key = u.split(' ').next().unwrap();
                !nl.contains(key) || !en.contains(key)
            })
            .collect();
        assert!(missing.is_empty(), "keys used but not in both languages: {missing:#?}");
    }

    /// The scanner itself: what it must and must not take for a key.
    #[test]
    fn the_key_scanner_reads_calls_and_not_look_alikes() {
        let mut found = Vec::new();
        let text = r#"ctx.t("nav-team") lang.ta("members-count", &a) get("x-header") Error::invalid("error-form")"#;
        keys_called(text, &["t", "ta", "Error::invalid"], &mut found);
        keys_last_argument(r#"required(&f.name, 200, "person-name-required")?"#, &["required"], &mut found);
        assert_eq!(found, ["nav-team", "members-count", "error-form", "person-name-required"]);
    }

    #[test]
    fn arguments_are_filled_in() {
        let s = Lang::En.ta("members-count", &[("count", "3".into())]);
        assert!(s.contains('3'), "{s}");
    }
}
