//! The release discipline: how any figure about a group leaves Hartslag.
//!
//! Thresholds per figure leak through differences (over time, between refreshes, between
//! overlapping groups, before and after one answer). So every figure Hartslag publishes about
//! a group — the cockpit (page, CSV, charts), scan reports (page, CSV, trend, benchmark) —
//! goes through the same four rules, decided here and explained in `docs/PRIVACY-MODEL.md`:
//!
//! 1. **Published once, then frozen.** A figure is computed when its period has ended (a
//!    cockpit month) or its run has closed (a scan), and stored. Later refreshes never compute
//!    it again, so nothing can be learned from two versions of one figure.
//! 2. **Noise, with a budget.** Every released count and sum carries discrete Laplace noise
//!    from OpenDP, calibrated to how much one person can change it (each person's contribution
//!    is clipped to a stated bound) and to a share of an epsilon per release
//!    ([`Budget`]). Each release records its epsilon in `privacy_ledger`, per organisation and
//!    year. This is differential privacy: whatever an observer combines, what they can learn
//!    about one person is bounded by the sum of the epsilons of the releases that person is in.
//! 3. **One release per person per figure.** Noise is drawn only for the finest groups (the
//!    people placed in one unit); every larger group (a unit with everything below it, a
//!    quarter) is the sum of released parts. Sums of released figures are post-processing:
//!    they cost nothing more, and subtracting them gives back only released, noisy parts.
//! 4. **Thresholds on top.** A group of fewer than the minimum (five, never lower) is not
//!    shown; the test reads only released, noisy numbers or public facts (headcounts).
//!
//! Scans add two rules of their own in `scans::store`: a run's population has at least the
//! minimum number of people and differs from every earlier run of the same instrument by none
//! or by at least the minimum, and its report is published only once it has closed.

pub mod accuracy;
pub mod ledger;

use opendp::domains::{AtomDomain, VectorDomain};
use opendp::measurements::make_laplace;
use opendp::measures::MaxDivergence;
use opendp::metrics::L1Distance;

use crate::error::{Error, Result};

/// Epsilon per person for each published cockpit month (all figures of that month together).
/// Over a calendar year of twelve months: twelve times this.
pub const COCKPIT_EPSILON_PER_MONTH: f64 = 2.0;

/// Epsilon per person for each closed scan run (all its figures together).
pub const SCAN_EPSILON_PER_RUN: f64 = 3.0;

/// At most this much epsilon per person per calendar year in scan runs (eight runs: a pulse
/// every other month and two scans): a new run whose population includes someone who would go
/// over it is refused.
pub const SCAN_EPSILON_PER_YEAR: f64 = 24.0;

/// A share of a release's epsilon for one figure, with the most one person can change it.
#[derive(Clone, Copy, Debug)]
pub struct Share {
    /// The largest change one person can make, in the L1 norm over everything this share
    /// releases (after clipping).
    pub sensitivity: i64,
    /// The epsilon this figure spends.
    pub epsilon: f64,
}

impl Share {
    /// The Laplace scale: sensitivity / epsilon.
    pub fn scale(self) -> f64 {
        self.sensitivity as f64 / self.epsilon
    }

    /// The noise's standard deviation (sqrt 2 times the scale).
    pub fn sd(self) -> f64 {
        std::f64::consts::SQRT_2 * self.scale()
    }
}

/// Adds discrete Laplace noise to every value, calibrated so that one person, who changes
/// `values` by at most `share.sensitivity` in the L1 norm, changes the output's distribution
/// by at most `share.epsilon`. OpenDP checks that claim: its privacy map for the measurement
/// must not exceed the epsilon asked for.
pub fn noisy(values: &[i64], share: Share) -> Result<Vec<i64>> {
    if values.is_empty() {
        return Ok(Vec::new());
    }
    if share.sensitivity <= 0 || !(share.epsilon > 0.0 && share.epsilon.is_finite()) {
        return Err(Error::Internal(anyhow::anyhow!("a release without a sensitivity or epsilon: {share:?}")));
    }
    let m = make_laplace::<_, _, MaxDivergence>(
        VectorDomain::new(AtomDomain::<i64>::default()),
        L1Distance::<i64>::default(),
        share.scale(),
        None,
    )
    .map_err(|e| Error::Internal(anyhow::anyhow!("OpenDP: {e}")))?;
    let spent = m.map(&share.sensitivity).map_err(|e| Error::Internal(anyhow::anyhow!("OpenDP: {e}")))?;
    if spent > share.epsilon * (1.0 + 1e-9) {
        return Err(Error::Internal(anyhow::anyhow!("OpenDP's privacy map gives {spent}, more than {share:?}")));
    }
    m.invoke(&values.to_vec()).map_err(|e| Error::Internal(anyhow::anyhow!("OpenDP: {e}")))
}

/// Noise on one value.
pub fn noisy_one(value: i64, share: Share) -> Result<i64> {
    Ok(noisy(&[value], share)?[0])
}

/// The year (calendar, UTC) a release counts against.
pub fn year_of(unix: i64) -> i64 {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(unix, 0).map(|d| i64::from(d.year())).unwrap_or(1970)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_noise_has_the_calibrated_spread() {
        let share = Share { sensitivity: 2, epsilon: 0.5 };
        let out = noisy(&vec![100; 20_000], share).unwrap();
        let var = out.iter().map(|v| ((v - 100) as f64).powi(2)).sum::<f64>() / out.len() as f64;
        // Discrete Laplace with scale 4: variance close to 2 * 4^2 = 32.
        assert!((24.0..40.0).contains(&var), "variance {var}");
        assert!(out.iter().any(|v| *v != 100));
    }

    /// The attack, as a test of the mechanism: an observer sees one noisy count and must tell
    /// whether a person took part (true value 4) or not (3). For every threshold test the
    /// observer could use, the chance of "yes" with the person and without differ by at most
    /// the factor e^epsilon (with a margin for sampling error).
    #[test]
    fn one_person_changes_what_an_observer_sees_by_at_most_e_to_the_epsilon() {
        let share = Share { sensitivity: 1, epsilon: 0.5 };
        let n = 40_000;
        let with = noisy(&vec![4; n], share).unwrap();
        let without = noisy(&vec![3; n], share).unwrap();
        let bound = share.epsilon.exp();
        // Where the mechanism meets its bound exactly (the tails), the estimates differ from it
        // by chance alone: allow five standard errors of the two shares (about one in a million
        // per check for a correct mechanism), not a fixed margin.
        let se = |x: f64| (x * (1.0 - x) / n as f64).sqrt();
        for t in -2..=9 {
            let p = with.iter().filter(|v| **v >= t).count() as f64 / n as f64;
            let q = without.iter().filter(|v| **v >= t).count() as f64 / n as f64;
            let margin = 5.0 * bound * (se(p) + se(q));
            assert!(p <= q * bound + margin, "threshold {t}: {p} vs {q} (margin {margin})");
            assert!((1.0 - q) <= (1.0 - p) * bound + margin, "threshold {t}: {p} vs {q} (margin {margin})");
        }
        // And the mechanism is not trivially private: the observer does learn something.
        let p = with.iter().filter(|v| **v >= 4).count() as f64 / n as f64;
        let q = without.iter().filter(|v| **v >= 4).count() as f64 / n as f64;
        assert!(p > q * 1.2, "{p} {q}");
    }

    #[test]
    fn a_release_without_a_budget_is_refused() {
        assert!(noisy(&[1], Share { sensitivity: 1, epsilon: 0.0 }).is_err());
        assert!(noisy(&[1], Share { sensitivity: 0, epsilon: 1.0 }).is_err());
        assert!(noisy(&[], Share { sensitivity: 1, epsilon: 1.0 }).unwrap().is_empty());
    }
}
