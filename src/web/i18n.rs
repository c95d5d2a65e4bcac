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

    /// The message for `key` with named arguments.
    pub fn ta(self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
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

    /// Every message exists in both languages, so no page shows a bare key.
    #[test]
    fn dutch_and_english_have_the_same_keys() {
        fn keys(path: &str) -> std::collections::BTreeSet<String> {
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap().trim().to_string())
                .collect()
        }
        let nl = keys("locales/nl/main.ftl");
        let en = keys("locales/en/main.ftl");
        assert!(nl.len() > 50, "expected a real message catalogue");
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(only_nl.is_empty() && only_en.is_empty(), "nl only: {only_nl:?}; en only: {only_en:?}");
    }

    #[test]
    fn arguments_are_filled_in() {
        let s = Lang::En.ta("members-count", &[("count", "3".into())]);
        assert!(s.contains('3'), "{s}");
    }
}
