//! Impact measurement (issue 16), first slice: L&D's register of learning solutions, each
//! triaged into a route, and route C — the light, standard measurement — with its parameter
//! set as data ([`set`]), values computed from the cockpit's published figures or entered by
//! L&D, and red flags where a value is past its minimum standard ([`measure`]). Routes B (the
//! deeper analysis) and A (the ROI study), surveys and business figures come later.
//!
//! Nothing here is about one person: Hartslag's own parameters are read from the cockpit's
//! published cells, under the cockpit's release discipline; entered values are about groups of
//! at least the minimum (see `PRIVACY.md`).

pub mod measure;
mod routes;
pub mod set;
pub mod store;

pub use routes::routes;

/// The kinds of learning solution.
pub const KINDS: [&str; 5] = ["circles", "training", "programme", "mentoring", "other"];

/// The triage scale for size, strategic weight and risk.
pub const LEVELS: [&str; 3] = ["low", "medium", "high"];

/// The routes of measurement: A (a full ROI study), B (a deeper analysis), C (the standard set).
pub const ROUTES: [&str; 3] = ["A", "B", "C"];

/// The route the triage suggests:
/// - **A** when the stakes are high on two counts: strategic weight and risk both high, or a
///   large solution (size high) whose weight or risk is high;
/// - **B** when weight or risk is high otherwise;
/// - **C**, the default, for everything else (size alone never lifts a solution out of C:
///   a large, low-stakes solution is what the light route is for).
///
/// L&D may choose another route with a reason; the choice is kept beside the suggestion.
pub fn suggest(size: &str, weight: &str, risk: &str) -> &'static str {
    let (size, weight, risk) = (size == "high", weight == "high", risk == "high");
    if (weight && risk) || (size && (weight || risk)) {
        "A"
    } else if weight || risk {
        "B"
    } else {
        "C"
    }
}

/// A solution of the register, for L&D of its own organisation; to anyone else it does not
/// exist. Pages and API load a solution only through this.
pub async fn solution_for(
    db: &crate::db::Db,
    actor: &crate::policy::Actor,
    id: i64,
) -> crate::error::Result<store::Solution> {
    crate::policy::impact_register(actor)?;
    let s = store::solution(db, actor.org_id, id).await?;
    crate::policy::impact_solution(actor, s.org_id)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_triage_suggests_c_by_default_and_b_or_a_when_the_stakes_are_high() {
        assert_eq!(suggest("low", "low", "low"), "C");
        assert_eq!(suggest("high", "medium", "medium"), "C");
        assert_eq!(suggest("medium", "high", "low"), "B");
        assert_eq!(suggest("low", "low", "high"), "B");
        assert_eq!(suggest("medium", "high", "high"), "A");
        assert_eq!(suggest("high", "high", "low"), "A");
        assert_eq!(suggest("high", "low", "high"), "A");
    }
}
