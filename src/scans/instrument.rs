//! Instruments as data: a scan is a TOML file under `instruments/` (blocks, items in Dutch and
//! English, an answer scale, reverse-scored items, score bands with advice per block). Adding
//! an instrument needs no code: the files are compiled in and checked when loaded.

use std::collections::HashMap;

use serde::Deserialize;

use crate::web::Lang;

/// A text in both languages.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En if self.en.is_empty() => &self.nl,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Labels {
    pub nl: Vec<String>,
    pub en: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    pub labels: Labels,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Item {
    pub id: String,
    pub nl: String,
    pub en: String,
    #[serde(default)]
    pub reverse: bool,
}

/// Advice for block scores up to `upto` (inclusive).
#[derive(Clone, Debug, Deserialize)]
pub struct Band {
    pub upto: f64,
    pub band: String,
    pub advice: Text,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Block {
    pub id: String,
    pub title: Text,
    pub bands: Vec<Band>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Instrument {
    pub id: String,
    pub version: i64,
    pub title: Text,
    pub intro: Text,
    /// Where the items come from (Hartslag's own, or a published source).
    pub source: Text,
    #[serde(default)]
    pub repeatable: bool,
    pub scale: Scale,
    pub blocks: Vec<Block>,
}

/// The instruments that ship with Hartslag.
const FILES: [(&str, &str); 6] = [
    ("leercultuurscan.toml", include_str!("../../instruments/leercultuurscan.toml")),
    ("digital.toml", include_str!("../../instruments/digital.toml")),
    ("career.toml", include_str!("../../instruments/career.toml")),
    ("ai-literacy.toml", include_str!("../../instruments/ai-literacy.toml")),
    ("web.toml", include_str!("../../instruments/web.toml")),
    ("pulse.toml", include_str!("../../instruments/pulse.toml")),
];

/// Reads and checks one instrument file.
pub fn parse(name: &str, text: &str) -> Result<Instrument, String> {
    let i: Instrument = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    check(&i).map_err(|e| format!("{name}: {e}"))?;
    Ok(i)
}

/// Everything a report relies on: a sensible scale with a label per point, unique item ids,
/// at least one item per block, and bands that rise and cover the whole scale.
fn check(i: &Instrument) -> Result<(), String> {
    let points = (i.scale.max - i.scale.min + 1) as usize;
    if i.scale.min >= i.scale.max {
        return Err("the scale's min must be below its max".into());
    }
    if i.scale.labels.nl.len() != points || i.scale.labels.en.len() != points {
        return Err(format!("the scale needs {points} labels in each language"));
    }
    let mut seen = std::collections::HashSet::new();
    for b in &i.blocks {
        if b.items.is_empty() {
            return Err(format!("block {} has no items", b.id));
        }
        for it in &b.items {
            if !seen.insert(it.id.as_str()) {
                return Err(format!("item id {} is used twice", it.id));
            }
            if it.nl.trim().is_empty() || it.en.trim().is_empty() {
                return Err(format!("item {} needs Dutch and English", it.id));
            }
        }
        if !b.bands.windows(2).all(|w| w[0].upto < w[1].upto) {
            return Err(format!("the bands of block {} must rise", b.id));
        }
        if b.bands.last().is_none_or(|last| last.upto < i.scale.max as f64) {
            return Err(format!("the bands of block {} must reach the top of the scale", b.id));
        }
    }
    if i.blocks.is_empty() {
        return Err("an instrument needs at least one block".into());
    }
    Ok(())
}

/// All shipped instruments, checked.
pub fn all() -> Vec<Instrument> {
    FILES.iter().map(|(name, text)| parse(name, text).unwrap_or_else(|e| panic!("{e}"))).collect()
}

/// A block's score: the mean of its answered items on the instrument's scale, reverse items
/// turned round; `None` when fewer than half its items were answered.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockScore {
    pub block: String,
    pub score: Option<f64>,
    pub answered: usize,
    pub band: Option<String>,
}

/// Scores one respondent's answers (item id → point on the scale). Answers outside the scale
/// or for unknown items are an error: nothing is scored from bad input.
pub fn score(i: &Instrument, answers: &HashMap<String, i64>) -> Result<Vec<BlockScore>, String> {
    let known: std::collections::HashSet<&str> =
        i.blocks.iter().flat_map(|b| b.items.iter().map(|it| it.id.as_str())).collect();
    for (id, v) in answers {
        if !known.contains(id.as_str()) {
            return Err(format!("unknown item {id}"));
        }
        if *v < i.scale.min || *v > i.scale.max {
            return Err(format!("answer {v} to {id} is outside {}–{}", i.scale.min, i.scale.max));
        }
    }
    Ok(i.blocks
        .iter()
        .map(|b| {
            let values: Vec<f64> = b
                .items
                .iter()
                .filter_map(|it| {
                    answers.get(&it.id).map(|v| if it.reverse { i.scale.min + i.scale.max - v } else { *v } as f64)
                })
                .collect();
            let enough = values.len() * 2 >= b.items.len();
            let score = (enough && !values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
            let band = score.and_then(|s| b.bands.iter().find(|band| s <= band.upto).map(|band| band.band.clone()));
            BlockScore { block: b.id.clone(), score, answered: values.len(), band }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, i64)]) -> HashMap<String, i64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn every_shipped_instrument_loads_and_checks() {
        let all = all();
        let scan = all.iter().find(|i| i.id == "leercultuurscan").unwrap();
        assert_eq!(scan.blocks.len(), 6, "the six building blocks");
        assert!(scan.blocks.iter().all(|b| (4..=8).contains(&b.items.len())));
        assert!(scan.source.nl.contains("Eigen items"), "marked as Hartslag's own items");
        assert!(all.iter().any(|i| i.id == "pulse" && i.repeatable));
        let ids: Vec<&str> = all.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["leercultuurscan", "digital", "career", "ai-literacy", "web", "pulse"]);
        let career = all.iter().find(|i| i.id == "career").unwrap();
        assert_eq!(career.blocks.len(), 6, "the six career competencies");
        let digital = all.iter().find(|i| i.id == "digital").unwrap();
        assert_eq!(digital.blocks.len(), 3);
        assert!(digital.blocks.iter().all(|b| b.items.iter().map(|i| &i.id[i.id.len() - 2..]).eq(["-b", "-p", "-e"])));
    }

    #[test]
    fn scores_match_a_hand_computed_fixture_with_reverse_items() {
        let scan = all().into_iter().find(|i| i.id == "leercultuurscan").unwrap();
        // Content: 4, 5, 2, and c4 (reverse) answered 2 → 4. Mean (4 + 5 + 2 + 4) / 4 = 3.75 → mid.
        // Safety: s1 5, s2 4, s4 (reverse) 1 → 5; s3 unanswered. Mean 14 / 3 = 4.667 → high.
        // Together: only t1 answered: fewer than half → no score.
        let a = answers(&[("c1", 4), ("c2", 5), ("c3", 2), ("c4", 2), ("s1", 5), ("s2", 4), ("s4", 1), ("t1", 3)]);
        let scores = score(&scan, &a).unwrap();
        let content = scores.iter().find(|s| s.block == "content").unwrap();
        assert_eq!(content.score, Some(3.75));
        assert_eq!(content.band.as_deref(), Some("mid"));
        let safety = scores.iter().find(|s| s.block == "safety").unwrap();
        assert!((safety.score.unwrap() - 14.0 / 3.0).abs() < 1e-9);
        assert_eq!(safety.band.as_deref(), Some("high"));
        assert_eq!(safety.answered, 3);
        let together = scores.iter().find(|s| s.block == "together").unwrap();
        assert_eq!((together.score, together.answered), (None, 1));
        let leadership = scores.iter().find(|s| s.block == "leadership").unwrap();
        assert_eq!(leadership.score, None);
    }

    #[test]
    fn bad_answers_score_nothing() {
        let scan = all().into_iter().find(|i| i.id == "pulse").unwrap();
        assert!(score(&scan, &answers(&[("weten", 6)])).is_err());
        assert!(score(&scan, &answers(&[("weten", 0)])).is_err());
        assert!(score(&scan, &answers(&[("onbekend", 3)])).is_err());
        let low = score(&scan, &answers(&[("weten", 1), ("willen", 2), ("kunnen", 3)])).unwrap();
        assert_eq!(low[0].score, Some(2.0));
        assert_eq!(low[0].band.as_deref(), Some("low"));
    }

    #[test]
    fn a_broken_instrument_file_is_refused_with_a_reason() {
        let text = r#"
id = "x"
version = 1
title = { nl = "X", en = "X" }
intro = { nl = "", en = "" }
source = { nl = "", en = "" }
[scale]
min = 1
max = 3
labels = { nl = ["a", "b"], en = ["a", "b", "c"] }
[[blocks]]
id = "b"
title = { nl = "B", en = "B" }
bands = [{ upto = 3.0, band = "all", advice = { nl = "", en = "" } }]
items = [{ id = "i", nl = "i", en = "i" }]
"#;
        let err = parse("x.toml", text).unwrap_err();
        assert!(err.contains("3 labels"), "{err}");
    }
}
