//! The proposal lifecycle as a typed state machine, checked in one function.

use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Draft,
    InValidation,
    Validated,
    Submitted,
    Accepted,
    Declined,
    Returned,
    ImplementationPlanned,
    InProgress,
    Done,
}

impl State {
    pub const ALL: [State; 10] = [
        State::Draft,
        State::InValidation,
        State::Validated,
        State::Submitted,
        State::Accepted,
        State::Declined,
        State::Returned,
        State::ImplementationPlanned,
        State::InProgress,
        State::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::InValidation => "in_validation",
            State::Validated => "validated",
            State::Submitted => "submitted",
            State::Accepted => "accepted",
            State::Declined => "declined",
            State::Returned => "returned",
            State::ImplementationPlanned => "implementation_planned",
            State::InProgress => "in_progress",
            State::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Result<State> {
        State::ALL
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("unknown proposal state {s}")))
    }

    /// The decider has it (or had it): submitted and everything after.
    pub fn is_submitted(self) -> bool {
        !matches!(self, State::Draft | State::InValidation | State::Validated)
    }

    /// Its text can still change.
    pub fn is_editable(self) -> bool {
        matches!(self, State::Draft | State::InValidation | State::Validated | State::Returned)
    }

    /// Members vote now.
    pub fn is_voting(self) -> bool {
        matches!(self, State::InValidation | State::Validated)
    }
}

/// Who acts on the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Member,
    Decider,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    StartValidation,
    BackToDraft,
    /// The text changed: votes start over.
    Edit,
    /// The validation rule is met (after a vote).
    RuleMet,
    /// The validation rule is no longer met (a vote changed).
    RuleUnmet,
    Submit,
    Accept,
    Decline,
    Return,
    PlanImplementation,
    StartImplementation,
    Complete,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::StartValidation => "start_validation",
            Action::BackToDraft => "back_to_draft",
            Action::Edit => "edit",
            Action::RuleMet => "validated",
            Action::RuleUnmet => "validation_reopened",
            Action::Submit => "submit",
            Action::Accept => "accept",
            Action::Decline => "decline",
            Action::Return => "return",
            Action::PlanImplementation => "plan_implementation",
            Action::StartImplementation => "start_implementation",
            Action::Complete => "complete",
        }
    }

    /// The actions a person can ask for by name in a form or API call.
    pub fn parse_requested(s: &str) -> Option<Action> {
        [
            Action::StartValidation,
            Action::BackToDraft,
            Action::PlanImplementation,
            Action::StartImplementation,
            Action::Complete,
        ]
        .into_iter()
        .find(|a| a.code() == s)
    }
}

/// The one place where the lifecycle is decided: the state after `action` by `role`, or a
/// conflict that says the step is not possible now.
pub fn next(state: State, action: Action, role: Role) -> Result<State> {
    use Action as A;
    use Role::*;
    use State as S;
    let to = match (state, action, role) {
        (S::Draft, A::StartValidation, Member) => S::InValidation,
        (S::InValidation | S::Validated, A::BackToDraft, Member) => S::Draft,
        (S::Returned, A::BackToDraft, Member) => S::Draft,
        (S::Draft, A::Edit, Member) => S::Draft,
        (S::Returned, A::Edit, Member) => S::Draft,
        (S::InValidation | S::Validated, A::Edit, Member) => S::InValidation,
        (S::InValidation, A::RuleMet, Member) => S::Validated,
        (S::Validated, A::RuleUnmet, Member) => S::InValidation,
        (S::Validated, A::Submit, Member) => S::Submitted,
        (S::Submitted, A::Accept, Decider) => S::Accepted,
        (S::Submitted, A::Decline, Decider) => S::Declined,
        (S::Submitted, A::Return, Decider) => S::Returned,
        (S::Accepted, A::PlanImplementation, _) => S::ImplementationPlanned,
        (S::Accepted | S::ImplementationPlanned, A::StartImplementation, _) => S::InProgress,
        (S::InProgress, A::Complete, _) => S::Done,
        _ => return Err(Error::conflict("proposal-transition-not-allowed")),
    };
    Ok(to)
}

/// The intrapreneurial phases of an innovation proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Vision,
    OpportunityAssessment,
    Preparation,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Vision => "vision",
            Phase::OpportunityAssessment => "opportunity_assessment",
            Phase::Preparation => "preparation",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        [Phase::Vision, Phase::OpportunityAssessment, Phase::Preparation].into_iter().find(|p| p.code() == s)
    }

    pub fn next(self) -> Option<Phase> {
        match self {
            Phase::Vision => Some(Phase::OpportunityAssessment),
            Phase::OpportunityAssessment => Some(Phase::Preparation),
            Phase::Preparation => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_runs_from_draft_to_done() {
        let mut s = State::Draft;
        for (a, r) in [
            (Action::StartValidation, Role::Member),
            (Action::RuleMet, Role::Member),
            (Action::Submit, Role::Member),
            (Action::Accept, Role::Decider),
            (Action::PlanImplementation, Role::Decider),
            (Action::StartImplementation, Role::Member),
            (Action::Complete, Role::Member),
        ] {
            s = next(s, a, r).unwrap();
        }
        assert_eq!(s, State::Done);
    }

    #[test]
    fn only_the_decider_decides_and_only_once_submitted() {
        assert!(next(State::Submitted, Action::Accept, Role::Member).is_err());
        assert!(next(State::Validated, Action::Accept, Role::Decider).is_err());
        assert!(next(State::Accepted, Action::Decline, Role::Decider).is_err());
    }

    #[test]
    fn a_proposal_cannot_be_submitted_before_it_is_validated() {
        assert!(next(State::Draft, Action::Submit, Role::Member).is_err());
        assert!(next(State::InValidation, Action::Submit, Role::Member).is_err());
    }

    #[test]
    fn editing_a_validated_text_reopens_validation_and_a_returned_one_goes_back_to_draft() {
        assert_eq!(next(State::Validated, Action::Edit, Role::Member).unwrap(), State::InValidation);
        assert_eq!(next(State::Returned, Action::Edit, Role::Member).unwrap(), State::Draft);
        assert!(next(State::Submitted, Action::Edit, Role::Member).is_err());
    }

    /// Every pair of state and action either has one defined outcome or is refused; no
    /// transition leaves a decided proposal undecided.
    #[test]
    fn no_transition_undoes_a_decision() {
        let actions = [
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
        for s in [State::Accepted, State::ImplementationPlanned, State::InProgress, State::Done, State::Declined] {
            for a in actions {
                for r in [Role::Member, Role::Decider] {
                    if let Ok(to) = next(s, a, r) {
                        assert!(to.is_submitted(), "{s:?} --{a:?}--> {to:?}");
                    }
                }
            }
        }
    }
}
