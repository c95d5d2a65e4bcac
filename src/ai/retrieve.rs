//! Finding earlier proposals of the same organisation on similar situations, so a draft can
//! build on what colleagues already worked out — and say which ones it drew on.
//!
//! Portable word search over both databases: the longest distinctive words of the situation
//! select candidates with `LIKE`, and candidates are ranked by how many of those words they
//! share. Only proposals a circle validated (and later states) count, and of those only what the
//! asking circle may read, as `policy::retrieval_may_use` decides: its own proposals, and another
//! circle's once submitted (never one that circle is still working on, nor one returned to it).

use std::collections::BTreeSet;

use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::policy::{self, EarlierProposalFacts};
use crate::proposals::state::State;

/// An earlier proposal the AI may draw on.
#[derive(Clone, Debug)]
pub struct Earlier {
    pub id: i64,
    /// The circle that wrote it (the asking one, or another).
    pub circle_id: i64,
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

/// The states worth drawing on: a circle agreed on the text (validated) or it went further —
/// not a draft, not declined, not returned.
const USEFUL: [State; 6] =
    [State::Validated, State::Submitted, State::Accepted, State::ImplementationPlanned, State::InProgress, State::Done];

fn facts(org_id: i64, circle_id: i64, asking_circle_id: i64, state: State) -> EarlierProposalFacts {
    EarlierProposalFacts {
        org_id,
        same_circle: circle_id == asking_circle_id,
        submitted: state.is_submitted(),
        returned: state == State::Returned,
    }
}

/// Earlier proposals for a draft of the circle `circle_id`, most similar first: the circle's own
/// and other circles' proposals the policy lets it draw on.
pub async fn similar(db: &Db, org_id: i64, circle_id: i64, text: &str, limit: usize) -> Result<Vec<Earlier>> {
    let words = keywords(text, 5);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let quoted = |states: Vec<State>| states.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ");
    // The policy decides per state what another circle's proposal may be; the SQL asks only for
    // those, so the 200 candidates are all usable.
    let own = quoted(USEFUL.to_vec());
    let another_circles = |s: &State| EarlierProposalFacts { same_circle: false, ..facts(org_id, 0, 0, *s) };
    let others =
        quoted(USEFUL.into_iter().filter(|s| policy::retrieval_may_use(org_id, &another_circles(s))).collect());
    // No state at all: `IN ('')` matches nothing (an empty `IN ()` is no SQL).
    let others = if others.is_empty() { "''".to_string() } else { others };
    let mut cond = Vec::new();
    for i in 0..words.len() {
        let p = i + 3;
        cond.push(format!("LOWER(title) LIKE ${p} OR LOWER(problem) LIKE ${p}"));
    }
    let sql = format!(
        "SELECT id, org_id, circle_id, state, title, problem, proposal FROM proposals WHERE org_id = $1 \
         AND ((circle_id = $2 AND state IN ({own})) OR (circle_id <> $2 AND state IN ({others}))) AND ({}) \
         ORDER BY id DESC LIMIT 200",
        cond.join(" OR ")
    );
    let mut q = sqlx::query(&sql).bind(org_id).bind(circle_id);
    for w in &words {
        q = q.bind(format!("%{w}%"));
    }
    let mut scored = Vec::new();
    for r in q.fetch_all(&db.pool).await? {
        // And again on what was loaded: nothing the policy refuses reaches the prompt.
        let state = State::parse(r.try_get::<String, _>("state")?.as_str())?;
        if !policy::retrieval_may_use(org_id, &facts(r.try_get("org_id")?, r.try_get("circle_id")?, circle_id, state)) {
            continue;
        }
        let title: String = r.try_get("title")?;
        let problem: String = r.try_get("problem")?;
        let hay = format!("{title} {problem}").to_lowercase();
        let score = words.iter().filter(|w| hay.contains(w.as_str())).count();
        scored.push((
            score,
            Earlier {
                id: r.try_get("id")?,
                circle_id: r.try_get("circle_id")?,
                title,
                proposal: r.try_get("proposal")?,
            },
        ));
    }
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
