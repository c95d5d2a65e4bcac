//! Finding earlier proposals of the same organisation on similar situations, so a draft can
//! build on what colleagues already worked out — and say which ones it drew on.
//!
//! Portable word search over both databases: the longest distinctive words of the situation
//! select candidates with `LIKE`, and candidates are ranked by how many of those words they
//! share. Only proposals a circle validated (and later states) count.

use std::collections::BTreeSet;

use sqlx::Row;

use crate::db::Db;
use crate::error::Result;

/// An earlier proposal the AI may draw on.
#[derive(Clone, Debug)]
pub struct Earlier {
    pub id: i64,
    pub title: String,
    pub proposal: String,
}

const STOP: [&str; 40] = [
    "aan", "alleen", "altijd", "andere", "bij", "daarom", "dat", "deze", "die", "door", "echter", "een", "eigen",
    "ervan", "hebben", "het", "hier", "hoe", "kunnen", "maar", "moeten", "niet", "omdat", "over", "tijdens", "veel",
    "voor", "wanneer", "want", "wordt", "worden", "zijn", "about", "after", "because", "before", "their", "there",
    "these", "which",
];

/// The distinctive words of a text, longest first.
pub fn keywords(text: &str, n: usize) -> Vec<String> {
    let words: BTreeSet<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase())
        .filter(|w| w.chars().count() >= 5 && !STOP.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut words: Vec<String> = words.into_iter().collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    words.truncate(n);
    words
}

pub async fn similar(db: &Db, org_id: i64, text: &str, limit: usize) -> Result<Vec<Earlier>> {
    let words = keywords(text, 5);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut cond = Vec::new();
    for i in 0..words.len() {
        let p = i + 2;
        cond.push(format!("LOWER(title) LIKE ${p} OR LOWER(problem) LIKE ${p}"));
    }
    let sql = format!(
        "SELECT id, title, problem, proposal FROM proposals WHERE org_id = $1 AND state IN \
         ('validated', 'submitted', 'accepted', 'implementation_planned', 'in_progress', 'done') AND ({}) \
         ORDER BY id DESC LIMIT 200",
        cond.join(" OR ")
    );
    let mut q = sqlx::query(&sql).bind(org_id);
    for w in &words {
        q = q.bind(format!("%{w}%"));
    }
    let mut scored: Vec<(usize, Earlier)> = q
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let title: String = r.get("title");
            let problem: String = r.get("problem");
            let hay = format!("{title} {problem}").to_lowercase();
            let score = words.iter().filter(|w| hay.contains(w.as_str())).count();
            (score, Earlier { id: r.get("id"), title, proposal: r.get("proposal") })
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.id.cmp(&a.1.id)));
    Ok(scored.into_iter().take(limit).map(|(_, e)| e).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_skip_small_and_common_words() {
        let k = keywords("Bij de overdracht van de avonddienst missen we wie er gevallen is, omdat het druk is.", 3);
        assert_eq!(k, ["avonddienst", "overdracht", "gevallen"]);
    }
}
