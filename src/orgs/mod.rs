//! Organisations, their units (a hierarchy with a manager each) and their people.
//!
//! The store functions here are used by the CLI, the demo and the administrator's pages.
//! Cycle defaults and the validation rule are settings of the organisation.

mod routes;
pub mod store;

pub use routes::routes;
pub use store::*;

/// When a proposal counts as validated by its circle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidationRule {
    /// At least `agree_num / agree_den` of the members agreed…
    pub agree_num: i64,
    pub agree_den: i64,
    /// …and, when set, nobody objects.
    pub objection_blocks: bool,
}

impl Default for ValidationRule {
    /// Two thirds agree and nobody objects.
    fn default() -> Self {
        ValidationRule { agree_num: 2, agree_den: 3, objection_blocks: true }
    }
}

impl ValidationRule {
    /// The named rules an L&D adviser can choose from.
    pub const PRESETS: [(&'static str, ValidationRule); 4] = [
        ("two-thirds-no-objection", ValidationRule { agree_num: 2, agree_den: 3, objection_blocks: true }),
        ("majority-no-objection", ValidationRule { agree_num: 1, agree_den: 2, objection_blocks: true }),
        ("unanimous", ValidationRule { agree_num: 1, agree_den: 1, objection_blocks: true }),
        ("two-thirds", ValidationRule { agree_num: 2, agree_den: 3, objection_blocks: false }),
    ];

    pub fn preset(name: &str) -> Option<ValidationRule> {
        Self::PRESETS.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    pub fn name(&self) -> &'static str {
        Self::PRESETS.iter().find(|(_, r)| r == self).map(|(n, _)| *n).unwrap_or("custom")
    }

    /// Whether `agree` agreeing and `object` objecting out of `members` validates.
    /// "More than half" is read as at least half for 1/2; two thirds of 3 is 2.
    pub fn is_met(&self, members: i64, agree: i64, object: i64) -> bool {
        if members <= 0 || self.agree_den <= 0 {
            return false;
        }
        let enough = agree * self.agree_den >= members * self.agree_num;
        enough && !(self.objection_blocks && object > 0)
    }
}

/// The organisation's defaults for a Vitale Weekcyclus and for circles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgSettings {
    pub org_id: i64,
    pub name: String,
    pub sessions_per_week: i64,
    pub session_minutes: i64,
    pub granted_minutes_per_week: i64,
    pub circle_min: i64,
    pub circle_max: i64,
    pub validation: ValidationRule,
}

#[cfg(test)]
mod tests {
    use super::ValidationRule;

    #[test]
    fn two_thirds_and_no_objection_is_the_default_rule() {
        let r = ValidationRule::default();
        assert!(r.is_met(3, 2, 0));
        assert!(!r.is_met(3, 1, 0));
        assert!(!r.is_met(3, 2, 1), "one objection blocks");
        assert!(r.is_met(6, 4, 0));
        assert!(!r.is_met(6, 3, 0));
        assert!(!r.is_met(0, 0, 0));
    }

    #[test]
    fn a_rule_without_veto_lets_a_two_thirds_majority_validate() {
        let r = ValidationRule::preset("two-thirds").unwrap();
        assert!(r.is_met(3, 2, 1));
        assert_eq!(r.name(), "two-thirds");
        assert!(!ValidationRule::preset("unanimous").unwrap().is_met(4, 3, 0));
    }
}
