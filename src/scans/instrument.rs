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
    /// The variants (job groups) that ask this item; empty: every variant.
    #[serde(default)]
    pub variants: Vec<String>,
}

impl Item {
    pub fn text(&self, lang: Lang) -> &str {
        if lang == Lang::En && !self.en.is_empty() { &self.en } else { &self.nl }
    }

    pub fn in_variant(&self, variant: &str) -> bool {
        self.variants.is_empty() || variant.is_empty() || self.variants.iter().any(|v| v == variant)
    }
}

/// A version of the instrument for one job group: the same blocks, with the items that apply.
#[derive(Clone, Debug, Deserialize)]
pub struct Variant {
    pub id: String,
    pub title: Text,
    pub description: Text,
}

/// A concrete next step in Hartslag for a band.
#[derive(Clone, Debug, Deserialize)]
pub struct Step {
    pub href: String,
    pub label: Text,
}

/// Advice for block scores up to `upto` (inclusive).
#[derive(Clone, Debug, Deserialize)]
pub struct Band {
    pub upto: f64,
    pub band: String,
    pub advice: Text,
    /// Where in Hartslag to take the advice further, when there is such a place.
    #[serde(default)]
    pub step: Option<Step>,
}

/// A published reference score for a block, with where it comes from. Hartslag's own items
/// ship without norms: there is no validated norm for them yet.
#[derive(Clone, Debug, Deserialize)]
pub struct Norm {
    pub value: f64,
    pub source: Text,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Block {
    pub id: String,
    pub title: Text,
    pub bands: Vec<Band>,
    #[serde(default)]
    pub norm: Option<Norm>,
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
    #[serde(default)]
    pub variants: Vec<Variant>,
    pub blocks: Vec<Block>,
}

impl Instrument {
    /// The item ids a run of this variant asks, in order: the key to every stored answer.
    pub fn item_ids(&self, variant: &str) -> Vec<String> {
        self.blocks
            .iter()
            .flat_map(|b| b.items.iter())
            .filter(|it| it.in_variant(variant))
            .map(|it| it.id.clone())
            .collect()
    }

    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    pub fn block_of(&self, item: &str) -> Option<usize> {
        self.blocks.iter().position(|b| b.items.iter().any(|it| it.id == item))
    }
}

/// A shipped instrument by id.
pub fn find(id: &str) -> Option<&'static Instrument> {
    shipped().iter().find(|i| i.id == id)
}

/// The shipped instruments, read once.
pub fn shipped() -> &'static [Instrument] {
    static ALL: std::sync::OnceLock<Vec<Instrument>> = std::sync::OnceLock::new();
    ALL.get_or_init(all)
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
    if i.scale.min < 1 || i.scale.max > 9 {
        return Err("the scale must lie within 1–9 (answers are stored as one digit)".into());
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
            if let Some(v) = it.variants.iter().find(|v| !i.variants.iter().any(|known| &known.id == *v)) {
                return Err(format!("item {} names an unknown variant {v}", it.id));
            }
            if it.id.contains(',') || it.id.trim().is_empty() {
                return Err(format!("item id {:?} must be non-empty without commas", it.id));
            }
        }
        if !b.bands.windows(2).all(|w| w[0].upto < w[1].upto) {
            return Err(format!("the bands of block {} must rise", b.id));
        }
        if b.norm.as_ref().is_some_and(|n| n.value < i.scale.min as f64 || n.value > i.scale.max as f64) {
            return Err(format!("the norm of block {} lies outside the scale", b.id));
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
    let layout = Layout::new(i, &i.item_ids(""));
    let values = layout.pack(answers)?;
    let answered = layout.answered(&values);
    Ok(layout
        .scores(&values)
        .into_iter()
        .enumerate()
        .map(|(b, score)| BlockScore {
            block: i.blocks[b].id.clone(),
            score,
            answered: answered[b],
            band: score.map(|s| i.blocks[b].band(s).band.clone()),
        })
        .collect())
}

impl Block {
    /// The band a block score falls in (the last band reaches the top of the scale).
    pub fn band(&self, score: f64) -> &Band {
        self.bands.iter().find(|b| score <= b.upto).unwrap_or_else(|| self.bands.last().expect("checked: bands"))
    }
}

/// How a run's stored answers map onto the instrument: one digit per item, in the run's item
/// order, `0` for an item not answered. Items the instrument no longer has are skipped.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Per position: the block and whether the item is reverse-scored.
    pub slots: Vec<Option<(usize, bool)>>,
    /// How many of the run's items each block has.
    pub per_block: Vec<usize>,
    pub ids: Vec<String>,
    /// The instrument's block ids, in order.
    pub blocks: Vec<String>,
    min: u8,
    max: u8,
}

impl Layout {
    pub fn new(i: &Instrument, ids: &[String]) -> Layout {
        let mut per_block = vec![0; i.blocks.len()];
        let slots = ids
            .iter()
            .map(|id| {
                let b = i.block_of(id)?;
                per_block[b] += 1;
                let reverse = i.blocks[b].items.iter().any(|it| &it.id == id && it.reverse);
                Some((b, reverse))
            })
            .collect();
        Layout {
            slots,
            per_block,
            ids: ids.to_vec(),
            blocks: i.blocks.iter().map(|b| b.id.clone()).collect(),
            min: i.scale.min as u8,
            max: i.scale.max as u8,
        }
    }

    /// Answers by item id to the stored digits; bad input is refused with the reason.
    pub fn pack(&self, answers: &HashMap<String, i64>) -> Result<Vec<u8>, String> {
        for (id, v) in answers {
            if !self.ids.iter().any(|known| known == id) {
                return Err(format!("unknown item {id}"));
            }
            if *v < self.min as i64 || *v > self.max as i64 {
                return Err(format!("answer {v} to {id} is outside {}–{}", self.min, self.max));
            }
        }
        Ok(self.ids.iter().map(|id| answers.get(id).map(|v| *v as u8).unwrap_or(0)).collect())
    }

    /// Stored digits back to values; `None` when the text does not fit this layout.
    pub fn unpack(&self, text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(self.ids.len());
        self.unpack_into(text, &mut out).then_some(out)
    }

    /// As [`Layout::unpack`], into the caller's buffer (for reports over many answers).
    pub fn unpack_into(&self, text: &str, out: &mut Vec<u8>) -> bool {
        out.clear();
        let bytes = text.as_bytes();
        if bytes.len() != self.ids.len() {
            return false;
        }
        for c in bytes {
            let v = c.wrapping_sub(b'0');
            if v != 0 && !(self.min..=self.max).contains(&v) {
                return false;
            }
            out.push(v);
        }
        true
    }

    pub fn to_text(values: &[u8]) -> String {
        values.iter().map(|v| (b'0' + v) as char).collect()
    }

    /// The lowest and highest value of the scale.
    pub fn range(&self) -> (u8, u8) {
        (self.min, self.max)
    }

    /// The value as scored: reverse items turned round.
    #[inline]
    pub fn scored(&self, reverse: bool, v: u8) -> u8 {
        if reverse { self.min + self.max - v } else { v }
    }

    pub fn answered(&self, values: &[u8]) -> Vec<usize> {
        let mut n = vec![0; self.per_block.len()];
        for (slot, v) in self.slots.iter().zip(values) {
            if let (Some((b, _)), true) = (slot, *v > 0) {
                n[*b] += 1;
            }
        }
        n
    }

    /// Block scores: the mean of the answered items, `None` when fewer than half the block's
    /// items in this run were answered.
    pub fn scores(&self, values: &[u8]) -> Vec<Option<f64>> {
        let blocks = self.per_block.len();
        let mut out = vec![None; blocks];
        self.scores_into(values, &mut vec![0; blocks], &mut vec![0; blocks], &mut out);
        out
    }

    /// As [`Layout::scores`], with the caller's scratch space and output (for reports over many
    /// answers, without allocating per answer).
    pub fn scores_into(&self, values: &[u8], sum: &mut [u32], n: &mut [usize], out: &mut [Option<f64>]) {
        sum.fill(0);
        n.fill(0);
        for (slot, &v) in self.slots.iter().zip(values) {
            if let (Some((b, reverse)), true) = (slot, v > 0) {
                sum[*b] += self.scored(*reverse, v) as u32;
                n[*b] += 1;
            }
        }
        for (b, slot) in out.iter_mut().enumerate() {
            *slot = (n[b] > 0 && n[b] * 2 >= self.per_block[b]).then(|| sum[b] as f64 / n[b] as f64);
        }
    }
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
    fn ai_literacy_asks_each_job_group_its_own_items() {
        let ai = find("ai-literacy").unwrap();
        assert_eq!(ai.variants.len(), 3);
        assert_eq!(ai.item_ids("staff").len(), 9);
        assert_eq!(ai.item_ids("users").len(), 12);
        assert_eq!(ai.item_ids("leads").len(), 15);
        assert!(ai.item_ids("staff").iter().all(|id| !id.ends_with('4') && !id.ends_with('5')));
        // Each layer is asked of every job group.
        for v in ["staff", "users", "leads"] {
            let layout = Layout::new(ai, &ai.item_ids(v));
            assert!(layout.per_block.iter().all(|n| *n >= 3), "{v}");
        }
    }

    #[test]
    fn answers_are_stored_as_one_digit_per_item_and_read_back() {
        let scan = find("leercultuurscan").unwrap();
        let ids = scan.item_ids("");
        let layout = Layout::new(scan, &ids);
        let packed = layout.pack(&answers(&[("c1", 4), ("s4", 1)])).unwrap();
        let text = Layout::to_text(&packed);
        assert_eq!(text.len(), ids.len());
        assert_eq!(&text[..2], "40");
        assert_eq!(layout.unpack(&text), Some(packed));
        assert_eq!(layout.unpack("12"), None, "a wrong length does not fit");
        assert_eq!(layout.unpack(&"7".repeat(ids.len())), None, "outside the scale");
        // A block scored from the run's own items: with only the first two content items in
        // the run, one answer is half and counts.
        let short = Layout::new(scan, &["c1".to_string(), "c4".to_string()]);
        assert_eq!(short.scores(&[0, 2])[0], Some(4.0), "c4 is reverse-scored: 2 → 4");
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
        // Fixed labels, a norm from a published source: the file loads and the norm is kept.
        let fixed = text.replace(r#"nl = ["a", "b"]"#, r#"nl = ["a", "b", "c"]"#);
        let with_norm = fixed
            .replace("items = [", "norm = { value = 2.4, source = { nl = \"Bron\", en = \"Source\" } }\nitems = [");
        let i = parse("x.toml", &with_norm).unwrap();
        assert_eq!(i.blocks[0].norm.as_ref().map(|n| n.value), Some(2.4));
        let outside = with_norm.replace("value = 2.4", "value = 7.0");
        assert!(parse("x.toml", &outside).unwrap_err().contains("norm"));
    }
}
