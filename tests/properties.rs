//! Property tests: the proposal lifecycle and the validation rule hold for every sequence of
//! steps proptest can think of, not only the ones we wrote down. The last property drives the
//! real store (votes, edits) on both engines and compares the state with the rule after each step.

mod common;

use hartslag::orgs::ValidationRule;
use hartslag::proposals::state::{Action, Role, State, next};
use proptest::prelude::*;

const ACTIONS: [Action; 12] = [
    Action::StartValidation,
    Action::BackToDraft,
    Action::Edit,
    Action::RuleMet,
    Action::RuleUnmet,
    Action::Submit,
    Action::Accept,
    Action::Decline,
    Action::Return,
    Action::PlanImplementation,
    Action::StartImplementation,
    Action::Complete,
];

fn step() -> impl Strategy<Value = (Action, Role)> {
    (0..ACTIONS.len(), prop::bool::ANY)
        .prop_map(|(a, decider)| (ACTIONS[a], if decider { Role::Decider } else { Role::Member }))
}

fn rule() -> impl Strategy<Value = ValidationRule> {
    (0i64..=20, 1i64..=20, prop::bool::ANY).prop_map(|(num, den, objection_blocks)| ValidationRule {
        agree_num: num.min(den),
        agree_den: den,
        objection_blocks,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Walking any sequence of steps from a draft: refused steps change nothing, a proposal
    /// reaches the decider only from "validated", only the decider decides, and only on a
    /// submitted proposal; declined and done are final.
    #[test]
    fn the_lifecycle_keeps_its_promises(steps in prop::collection::vec(step(), 0..60)) {
        let mut s = State::Draft;
        for (action, role) in steps {
            match next(s, action, role) {
                Ok(to) => {
                    if to == State::Submitted {
                        prop_assert_eq!(s, State::Validated);
                    }
                    if matches!(to, State::Accepted | State::Declined | State::Returned) && s != to {
                        prop_assert_eq!(s, State::Submitted);
                        prop_assert_eq!(role, Role::Decider);
                    }
                    if to == State::Validated && s != State::Validated {
                        prop_assert_eq!(action, Action::RuleMet);
                    }
                    prop_assert!(!matches!(s, State::Declined | State::Done), "{:?} is final", s);
                    if action == Action::Edit {
                        prop_assert!(s.is_editable());
                        prop_assert!(matches!(to, State::Draft | State::InValidation), "an edit starts the votes over");
                    }
                    s = to;
                }
                Err(_) => {
                    if action == Action::Edit && role == Role::Member {
                        prop_assert!(!s.is_editable(), "{:?} is editable but an edit was refused", s);
                    }
                }
            }
        }
    }

    /// More agreement never hurts; any objection blocks when objections block; nobody is a
    /// majority of an empty circle; the rule is the exact fraction, with no rounding errors.
    #[test]
    fn the_validation_rule_is_the_fraction_it_says(r in rule(), members in 0i64..=200, agree in 0i64..=200, object in 0i64..=200) {
        let agree = agree.min(members);
        let object = object.min(members - agree);
        let met = r.is_met(members, agree, object);
        if members == 0 {
            prop_assert!(!met);
        }
        if met && agree < members {
            prop_assert!(r.is_met(members, agree + 1, object.min(members - agree - 1)) || (r.objection_blocks && object > 0));
        }
        if r.objection_blocks && object > 0 {
            prop_assert!(!met);
        }
        if members > 0 && !(r.objection_blocks && object > 0) {
            // agree / members >= num / den, in exact integers.
            let exact = (agree as i128) * (r.agree_den as i128) >= (members as i128) * (r.agree_num as i128);
            prop_assert_eq!(met, exact);
        }
    }
}

/// One step of the circle on a proposal in validation.
#[derive(Clone, Debug)]
enum Step {
    Vote { who: usize, agree: bool },
    Edit,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            4 => (0usize..3, prop::bool::ANY).prop_map(|(who, agree)| Step::Vote { who, agree }),
            1 => Just(Step::Edit),
        ],
        1..25,
    )
}

backends! {
    async fn the_stored_state_follows_the_rule_after_every_vote_and_edit(app) {
        use hartslag::proposals::store as proposals;
        let db = app.db.clone();
        let w = common::world(&db).await;
        let members = [w.member, w.member2, w.member3];
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(24));
        let strategy = (steps(), 0usize..ValidationRule::PRESETS.len());
        let handle = tokio::runtime::Handle::current();
        let result = runner.run(&strategy, |(steps, preset)| {
            tokio::task::block_in_place(|| handle.block_on(async {
                let rule = ValidationRule::PRESETS[preset].1;
                let anna = common::actor(&db, w.member).await;
                let text = proposals::Text {
                    title: "Eigenschap".into(),
                    problem: "Probleem".into(),
                    proposal: "Voorstel".into(),
                    expected_effect: "Effect".into(),
                    risks: "Risico".into(),
                };
                let id = proposals::create(&db, &anna, w.circle, None, "improvement", &text).await.unwrap();
                let p = proposals::get(&db, id).await.unwrap();
                proposals::transition(&db, &anna, &p, Action::StartValidation, Role::Member, "").await.unwrap();
                // The model: the current text's votes per member.
                let mut votes: [Option<bool>; 3] = [None; 3];
                for (n, step) in steps.iter().enumerate() {
                    match step {
                        Step::Vote { who, agree } => {
                            let a = common::actor(&db, members[*who]).await;
                            let choice = if *agree { proposals::Choice::Agree } else { proposals::Choice::Object };
                            proposals::vote(&db, &a, id, choice, if *agree { "" } else { "Bezwaar" }, rule).await.unwrap();
                            votes[*who] = Some(*agree);
                        }
                        Step::Edit => {
                            let p = proposals::get(&db, id).await.unwrap();
                            let changed = proposals::Text { problem: format!("Probleem, versie {n}"), ..text.clone() };
                            proposals::update_text(&db, &anna, id, &changed, p.version).await.unwrap();
                            votes = [None; 3];
                        }
                    }
                    let agree = votes.iter().filter(|v| **v == Some(true)).count() as i64;
                    let object = votes.iter().filter(|v| **v == Some(false)).count() as i64;
                    let expected = if rule.is_met(3, agree, object) { "validated" } else { "in_validation" };
                    let state = proposals::get(&db, id).await.unwrap().state;
                    if state != expected {
                        return Err(TestCaseError::fail(format!("after {:?}: {state}, expected {expected} ({rule:?}, {agree} agree, {object} object)", &steps[..=n])));
                    }
                }
                Ok(())
            }))
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}
