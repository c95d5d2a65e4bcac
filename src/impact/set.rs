//! Route C's standard parameter set as data: `instruments/impact-route-c.toml`, compiled in and
//! checked when loaded, like the scan instruments (`scans::instrument`). A parameter names
//! where its value comes from: Hartslag's published cockpit figures (`compute` says which),
//! a short survey (not built yet: such a parameter shows "not measured yet"), or L&D's entry.

use serde::Deserialize;

pub use crate::scans::instrument::Text;
use crate::web::Lang;

/// Where a parameter's value comes from.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Hartslag,
    Survey,
    Entered,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Hartslag => "hartslag",
            Source::Survey => "survey",
            Source::Entered => "entered",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

/// The published cockpit figures a Hartslag parameter is computed from.
pub const COMPUTED: [&str; 8] = [
    "participation",
    "active_weeks",
    "hours_used",
    "sessions",
    "proposals_per_week",
    "acceptance",
    "implementation",
    "lead_time",
];

/// The units a value can be in.
pub const UNITS: [&str; 5] = ["percent", "number", "days", "euro", "points"];

/// The types of measure of ISO/TS 30437:2023.
pub const ISO_TYPES: [&str; 3] = ["efficiency", "effectiveness", "outcome"];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub code: String,
    pub id: String,
    pub name: Text,
    pub definition: Text,
    pub unit: String,
    pub source: Source,
    #[serde(default)]
    pub compute: String,
    pub direction: Direction,
    pub standard: f64,
    pub min: f64,
    pub max: f64,
    pub level: i64,
    #[serde(default)]
    pub iso: String,
}

impl Parameter {
    pub fn name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }

    /// Whether `value` is past the minimum standard (a red flag, for a group large enough).
    pub fn breaches(&self, value: f64) -> bool {
        match self.direction {
            Direction::Higher => value < self.standard,
            Direction::Lower => value > self.standard,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Set {
    pub id: String,
    pub version: i64,
    pub title: Text,
    pub source: Text,
    #[serde(rename = "parameter")]
    pub parameters: Vec<Parameter>,
}

impl Set {
    pub fn find(&self, id: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.id == id)
    }
}

/// The shipped set, parsed and checked once.
pub fn route_c() -> &'static Set {
    static SET: std::sync::OnceLock<Set> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        // Checked by the unit test below: a broken file fails the build's tests, not a page.
        parse(include_str!("../../instruments/impact-route-c.toml"))
            .unwrap_or_else(|e| panic!("impact-route-c.toml: {e}"))
    })
}

pub fn parse(text: &str) -> Result<Set, String> {
    let s: Set = toml::from_str(text).map_err(|e| e.to_string())?;
    check(&s)?;
    Ok(s)
}

fn check(s: &Set) -> Result<(), String> {
    if s.version < 1 {
        return Err("version must be 1 or more".into());
    }
    if s.parameters.is_empty() {
        return Err("no parameters".into());
    }
    let mut ids = std::collections::HashSet::new();
    let mut codes = std::collections::HashSet::new();
    for p in &s.parameters {
        let at = |m: &str| format!("parameter {}: {m}", p.id);
        if p.id.is_empty() || !p.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(at("the id is lowercase letters, digits and dashes"));
        }
        if !ids.insert(p.id.clone()) || !codes.insert(p.code.clone()) {
            return Err(at("id or code used twice"));
        }
        if p.name.nl.trim().is_empty() || p.definition.nl.trim().is_empty() {
            return Err(at("a Dutch name and definition are required"));
        }
        if !UNITS.contains(&p.unit.as_str()) {
            return Err(at("unknown unit"));
        }
        if !p.iso.is_empty() && !ISO_TYPES.contains(&p.iso.as_str()) {
            return Err(at("unknown ISO/TS 30437 type"));
        }
        if !(0..=4).contains(&p.level) {
            return Err(at("the level is 0 to 4"));
        }
        if !(p.min.is_finite() && p.max.is_finite() && p.min < p.max) {
            return Err(at("the scale needs min below max"));
        }
        if !(p.standard.is_finite() && p.min <= p.standard && p.standard <= p.max) {
            return Err(at("the minimum standard lies outside the scale"));
        }
        match p.source {
            Source::Hartslag if !COMPUTED.contains(&p.compute.as_str()) => {
                return Err(at("a Hartslag parameter names a figure Hartslag computes"));
            }
            Source::Survey | Source::Entered if !p.compute.is_empty() => {
                return Err(at("only a Hartslag parameter is computed"));
            }
            _ => {}
        }
        if p.unit == "euro" && p.min < 0.0 {
            return Err(at("an amount of money is never negative"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_set_loads_with_about_twenty_five_parameters() {
        let s = route_c();
        assert!((24..=30).contains(&s.parameters.len()), "{}", s.parameters.len());
        for c in COMPUTED {
            assert!(s.parameters.iter().any(|p| p.compute == c), "{c} is computed by a parameter");
        }
        assert!(s.parameters.iter().all(|p| !p.name.en.is_empty() && !p.definition.en.is_empty()));
    }

    #[test]
    fn a_standard_outside_the_scale_or_an_unknown_figure_is_refused() {
        let base = include_str!("../../instruments/impact-route-c.toml");
        let bad = base.replacen("standard = 60", "standard = 160", 1);
        assert!(parse(&bad).unwrap_err().contains("outside the scale"));
        let bad = base.replacen("compute = \"participation\"", "compute = \"salaries\"", 1);
        assert!(parse(&bad).unwrap_err().contains("Hartslag computes"));
        let bad = base.replacen("unit = \"percent\"", "unit = \"vibes\"", 1);
        assert!(parse(&bad).is_err());
    }

    #[test]
    fn a_flag_follows_the_direction() {
        let s = route_c();
        let reach = s.find("participation").unwrap();
        assert!(reach.breaches(59.0) && !reach.breaches(60.0));
        let lead = s.find("lead-time").unwrap();
        assert!(lead.breaches(60.0) && !lead.breaches(30.0));
    }
}
