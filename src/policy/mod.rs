//! The one place that decides who may see and do what.
//!
//! Every handler, HTML or JSON, loads the *facts* about a resource (which organisation it
//! belongs to, how the caller relates to it) through its capability's store, then asks a
//! function here. The rules follow `design/PRINCIPLES.md`:
//! - circle content (situations, cycles, sessions, notes, proposals in the making, votes):
//!   members only, plus a guest for the one session they were invited to, until
//!   [`GUEST_GRACE_SECONDS`] after that session's end;
//! - a reflection: its writer only;
//! - who is in a circle: its members and the people invited to it — an open circle offered to a
//!   colleague shows its size, never its members' names ([`circle_member_names`]);
//! - a manager: proposals submitted to them, and the hours of their team members — never the
//!   circle's sessions, notes, situations, drafts, votes or reflections, nor who is in a circle;
//! - L&D: the framework and cycle defaults, and circle *metadata* (existence, size, weeks) of
//!   circles of at least [`MIN_GROUP`] members ([`circle_metadata_shown`]);
//! - an AI draft: material the asking circle may read ([`retrieval_may_use`]);
//! - administrators: the organisation's units and people;
//! - an identity system with a SCIM token: its organisation's people and units, as SCIM shows
//!   them;
//! - anything in another organisation does not exist.
//!
//! A caller who may not know a thing exists gets [`Error::NotFound`], never `Forbidden`: a guest
//! asking for anything of the circle beyond reading and writing their session's notes, and any
//! guest account asking for a professional's pages, gets 404. `Forbidden` is left for people who
//! see the thing and may not do this to it (a member deciding, a decider voting).

use crate::error::{Error, Result};

/// Who is asking: loaded once per request by `auth`.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub is_adviser: bool,
    pub is_guest: bool,
    /// Manages at least one unit.
    pub is_manager: bool,
    /// The CSRF token of the browser session; `None` for API tokens.
    pub csrf: Option<String>,
}

/// How the actor stands to a circle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Membership {
    Member,
    Invited,
    None,
}

/// What the policy needs to know about a circle.
#[derive(Clone, Copy, Debug)]
pub struct CircleFacts {
    pub org_id: i64,
    pub membership: Membership,
    /// Colleagues of the organisation may ask to join.
    pub open: bool,
}

/// What the caller may see of a circle page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CircleView {
    /// Everything: the circle's own work.
    Member,
    /// Name, purpose and members, with accept/decline.
    Invitation,
    /// Name, purpose and size, with a join button — never who is in it (see
    /// [`circle_member_names`]).
    JoinOffer,
}

/// Whether the circle page shows who is in the circle: to its members and to the people invited
/// to it (they were asked by name, and decide with whom they will learn), never on a
/// [`CircleView::JoinOffer`].
///
/// Which circle someone is in is what a manager must never see, and an open circle is offered to
/// every colleague, the managers of its members (directly or higher up the unit tree) included.
/// Hiding the names only from those managers would leak through the hiding itself ("no names
/// here, so one of mine is in it"), so a join offer shows name, purpose and size to everyone
/// alike; whoever joins sees the members as a member, and the members see who joined.
pub fn circle_member_names(view: CircleView) -> bool {
    match view {
        CircleView::Member | CircleView::Invitation => true,
        CircleView::JoinOffer => false,
    }
}

/// The smallest group whose figures L&D, management and administrators see: five people, never
/// configurable lower (`design/PRINCIPLES.md`; the cockpit applies the same minimum).
pub const MIN_GROUP: i64 = 5;

/// L&D's circle overview: a circle's size and active weeks show on a row of its own only when it
/// has at least [`MIN_GROUP`] members — a circle of three or four named people would otherwise
/// tell L&D when those people learnt. Smaller circles are summed into one row ("smaller
/// circles") by [`small_circles_shown`].
pub fn circle_metadata_shown(members: i64) -> bool {
    members >= MIN_GROUP
}

/// The one row of the smaller circles shows (their number, members and active weeks summed)
/// only when those circles hold at least [`MIN_GROUP`] members together; otherwise nothing of
/// them shows but the fact that small circles are left out.
pub fn small_circles_shown(members_together: i64) -> bool {
    members_together >= MIN_GROUP
}

fn same_org(actor: &Actor, org_id: i64) -> Result<()> {
    if actor.org_id == org_id { Ok(()) } else { Err(Error::NotFound) }
}

/// The circle page.
pub fn circle_view(actor: &Actor, circle: &CircleFacts) -> Result<CircleView> {
    same_org(actor, circle.org_id)?;
    match circle.membership {
        Membership::Member => Ok(CircleView::Member),
        Membership::Invited => Ok(CircleView::Invitation),
        Membership::None if circle.open && !actor.is_guest => Ok(CircleView::JoinOffer),
        Membership::None => Err(Error::NotFound),
    }
}

/// Situations, cycles, sessions, notes, proposals in the making, votes: members only.
pub fn circle_content(actor: &Actor, circle: &CircleFacts) -> Result<()> {
    same_org(actor, circle.org_id)?;
    if circle.membership == Membership::Member { Ok(()) } else { Err(Error::NotFound) }
}

/// Answering an invitation.
pub fn answer_invitation(actor: &Actor, circle: &CircleFacts) -> Result<()> {
    same_org(actor, circle.org_id)?;
    if circle.membership == Membership::Invited { Ok(()) } else { Err(Error::NotFound) }
}

/// Joining an open circle.
pub fn join_circle(actor: &Actor, circle: &CircleFacts) -> Result<()> {
    match circle_view(actor, circle)? {
        CircleView::JoinOffer | CircleView::Invitation => Ok(()),
        CircleView::Member => Err(Error::conflict("circle-already-member")),
    }
}

/// Starting a circle, writing in one, and a professional's own pages (circles, reflections,
/// time, conversations, path suggestions): any professional. A guest account does not know them
/// (404).
pub fn start_circle(actor: &Actor) -> Result<()> {
    if actor.is_guest { Err(Error::NotFound) } else { Ok(()) }
}

/// How long a guest keeps their session after it ended: two hours, to read the notes back and
/// finish what was agreed to write down the same day. After that the session and its notes —
/// including anything the circle writes later — do not exist for the guest (404), on the pages
/// and in the API alike. A session moved to a later time moves the end with it.
pub const GUEST_GRACE_SECONDS: i64 = 2 * 60 * 60;

#[derive(Clone, Copy, Debug)]
pub struct SessionFacts {
    pub circle: CircleFacts,
    /// The actor was invited into this session as a guest.
    pub actor_is_guest: bool,
    /// When the session ends: its start in the organisation's local time plus its length, in
    /// Unix seconds (`cycles::session_ends_at`); `i64::MIN` when that cannot be told, which
    /// ends a guest's access.
    pub ends_at: i64,
    /// The moment of the request, in Unix seconds.
    pub now: i64,
}

/// Until when (Unix seconds, exclusive) a guest reads and writes a session that ends at
/// `ends_at`.
pub fn guest_access_until(ends_at: i64) -> i64 {
    ends_at.saturating_add(GUEST_GRACE_SECONDS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionAccess {
    Member,
    Guest,
}

/// A session: the members, and a guest invited to this very session until
/// [`GUEST_GRACE_SECONDS`] after it ended.
pub fn session(actor: &Actor, s: &SessionFacts) -> Result<SessionAccess> {
    same_org(actor, s.circle.org_id)?;
    if s.circle.membership == Membership::Member {
        Ok(SessionAccess::Member)
    } else if s.actor_is_guest && s.now < guest_access_until(s.ends_at) {
        Ok(SessionAccess::Guest)
    } else {
        Err(Error::NotFound)
    }
}

/// Things only members do in a session (attendance, planning, inviting guests, the AI step).
/// A guest does not see them in the page and gets 404, as for anything else of the circle.
pub fn session_manage(actor: &Actor, s: &SessionFacts) -> Result<()> {
    match session(actor, s)? {
        SessionAccess::Member => Ok(()),
        SessionAccess::Guest => Err(Error::NotFound),
    }
}

#[derive(Clone, Copy, Debug)]
pub struct ProposalFacts {
    pub circle: CircleFacts,
    pub decider_id: Option<i64>,
    /// Submitted or later: the decider may see it.
    pub submitted: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalAccess {
    /// The circle: the text, votes, revisions, history.
    Member,
    /// The decider: the submitted text, decision and implementation — not votes or drafts.
    Decider,
}

pub fn proposal(actor: &Actor, p: &ProposalFacts) -> Result<ProposalAccess> {
    same_org(actor, p.circle.org_id)?;
    if p.circle.membership == Membership::Member {
        Ok(ProposalAccess::Member)
    } else if p.submitted && p.decider_id == Some(actor.id) {
        Ok(ProposalAccess::Decider)
    } else {
        Err(Error::NotFound)
    }
}

/// Deciding: the decider alone.
pub fn decide(actor: &Actor, p: &ProposalFacts) -> Result<()> {
    match proposal(actor, p)? {
        ProposalAccess::Decider => Ok(()),
        ProposalAccess::Member if p.decider_id == Some(actor.id) => Ok(()),
        ProposalAccess::Member => Err(Error::Forbidden),
    }
}

/// What retrieval for an AI draft knows of an earlier proposal.
#[derive(Clone, Copy, Debug)]
pub struct EarlierProposalFacts {
    pub org_id: i64,
    /// The proposal is the asking circle's own.
    pub same_circle: bool,
    /// Its state is submitted or later (`proposals::state::State::is_submitted`).
    pub submitted: bool,
    /// Its state is `returned`: the decider sent it back to its circle.
    pub returned: bool,
}

/// Whether an AI draft of the asking circle may draw on (and send the text of) an earlier
/// proposal: the circle's own proposals, and another circle's once it left that circle — submitted
/// to a decider, or decided on or being implemented after that. A proposal another circle is
/// still working on (a draft, in validation, validated but not submitted) or that the decider
/// returned to it stays that circle's own; it counts again once submitted again. Anything of
/// another organisation never counts. `retrieve.rs` applies this in its SQL and on every row it
/// loads.
pub fn retrieval_may_use(asking_org_id: i64, p: &EarlierProposalFacts) -> bool {
    asking_org_id == p.org_id && (p.same_circle || (p.submitted && !p.returned))
}

/// A reflection belongs to its writer alone.
pub fn reflection(actor: &Actor, owner_id: i64) -> Result<()> {
    if actor.id == owner_id { Ok(()) } else { Err(Error::NotFound) }
}

/// A learning path belongs to its owner; the manager sees only the parts the owner shares,
/// through [`team_member`].
pub fn learning_path(actor: &Actor, owner_id: i64) -> Result<()> {
    if actor.id == owner_id && !actor.is_guest { Ok(()) } else { Err(Error::NotFound) }
}

/// The team page: a manager sees hours used of hours granted of the people in units they manage.
pub fn team_hours(actor: &Actor) -> Result<()> {
    if actor.is_manager { Ok(()) } else { Err(Error::NotFound) }
}

/// One team member's learning time, and granting them more: the manager of their unit or of a
/// unit above it. `manages` is loaded by `learning_time::store::manages`.
pub fn team_member(actor: &Actor, manages: bool) -> Result<()> {
    if actor.is_manager && manages { Ok(()) } else { Err(Error::NotFound) }
}

/// A manager's own figures (time honoured, decisions, decision time): the manager, their team
/// and their own manager. `allowed` is loaded by `learning_time::store::may_see_figures`.
pub fn manager_figures(allowed: bool) -> Result<()> {
    if allowed { Ok(()) } else { Err(Error::NotFound) }
}

/// The side the actor is on in a talent-development conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConversationSide {
    Professional,
    Manager,
}

/// A talent-development conversation: its two parties alone.
pub fn conversation(actor: &Actor, person_id: i64, manager_id: i64) -> Result<ConversationSide> {
    if actor.id == person_id {
        Ok(ConversationSide::Professional)
    } else if actor.id == manager_id {
        Ok(ConversationSide::Manager)
    } else {
        Err(Error::NotFound)
    }
}

/// How many reflections a professional wrote is theirs to know: in a conversation only the
/// professional's side shows the count; the manager never sees anything of reflections.
pub fn conversation_shows_reflection_count(side: ConversationSide) -> bool {
    side == ConversationSide::Professional
}

/// The parts of a learning path a manager sees: exactly what the owner ticked, nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedParts {
    pub plan: bool,
    pub progress: bool,
    pub items: bool,
}

impl SharedParts {
    pub fn any(self) -> bool {
        self.plan || self.progress || self.items
    }
}

pub fn path_parts_for_manager(share_plan: bool, share_progress: bool, share_items: bool) -> SharedParts {
    SharedParts { plan: share_plan, progress: share_progress, items: share_items }
}

/// The framework, session frames and cycle defaults, and circle metadata: L&D.
pub fn steer_learning(actor: &Actor) -> Result<()> {
    if actor.is_adviser { Ok(()) } else { Err(Error::NotFound) }
}

/// The cockpit: L&D for every unit and the whole organisation, a manager for the units they
/// lead (and everything below them). `manages_unit` is loaded by the cockpit's routes. Which
/// figures show is decided by `cockpit::disclosure`, the same for everyone.
pub fn cockpit(actor: &Actor, unit_id: i64, manages_unit: bool) -> Result<()> {
    if actor.is_adviser || (actor.is_manager && unit_id != 0 && manages_unit) { Ok(()) } else { Err(Error::NotFound) }
}

/// Impact measurement: L&D keeps the register of learning solutions (create, change, retire,
/// enter values) and reads their route-C parameters — aggregates only, under the cockpit's
/// release discipline. Managers and professionals do not see it yet (404).
pub fn impact_register(actor: &Actor) -> Result<()> {
    if actor.is_adviser && !actor.is_guest { Ok(()) } else { Err(Error::NotFound) }
}

/// One solution of the register: L&D of its own organisation; anyone else's does not exist.
pub fn impact_solution(actor: &Actor, org_id: i64) -> Result<()> {
    same_org(actor, org_id)?;
    impact_register(actor)
}

/// Scans: L&D opens, reminds and closes runs and reads their reports — aggregates only, with
/// the same minimum group as the cockpit; nobody reads one person's answers.
pub fn scans_manage(actor: &Actor) -> Result<()> {
    if actor.is_adviser { Ok(()) } else { Err(Error::NotFound) }
}

/// Answering a run: a professional of the organisation whom the run asks (`asked` is loaded by
/// the scans store from the run's population).
pub fn scan_answer(actor: &Actor, org_id: i64, asked: bool) -> Result<()> {
    same_org(actor, org_id)?;
    if asked && !actor.is_guest { Ok(()) } else { Err(Error::NotFound) }
}

/// A personal result: whoever holds its receipt, within the organisation. The receipt is the
/// only key; the database cannot tell whose result it is.
pub fn scan_result(actor: &Actor, org_id: i64) -> Result<()> {
    same_org(actor, org_id)
}

/// An instrument's questions: anyone signed in, not a guest.
pub fn scan_instrument(actor: &Actor) -> Result<()> {
    if actor.is_guest { Err(Error::NotFound) } else { Ok(()) }
}

/// Following or stopping an AI request: a learning-path suggestion is its owner's alone;
/// anything about a circle (a draft, a critique, question suggestions) is its members'.
/// `circle` is loaded only for requests without an owner.
pub fn ai_request(actor: &Actor, org_id: i64, owner: Option<i64>, circle: Option<&CircleFacts>) -> Result<()> {
    same_org(actor, org_id)?;
    match (owner, circle) {
        (Some(owner), _) => reflection(actor, owner),
        (None, Some(c)) => circle_content(actor, c),
        (None, None) => Err(Error::NotFound),
    }
}

/// SCIM provisioning: a token acts for its own organisation only, on its people and units —
/// and only on what the SCIM view of them holds (`scim::users`, `scim::groups`), never on
/// learning data. Anything of another organisation does not exist for it. Its tokens are
/// managed by the organisation's administrators ([`administer`]).
pub fn provision(token_org_id: i64, org_id: i64) -> Result<()> {
    if token_org_id == org_id { Ok(()) } else { Err(Error::NotFound) }
}

/// Units, people, accounts: the organisation's administrators.
pub fn administer(actor: &Actor, org_id: i64) -> Result<()> {
    same_org(actor, org_id)?;
    if actor.is_admin { Ok(()) } else { Err(Error::NotFound) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: i64, org: i64) -> Actor {
        Actor {
            id,
            org_id: org,
            name: "x".into(),
            email: "x@example.org".into(),
            is_admin: false,
            is_adviser: false,
            is_guest: false,
            is_manager: false,
            csrf: None,
        }
    }

    fn circle(org: i64, membership: Membership, open: bool) -> CircleFacts {
        CircleFacts { org_id: org, membership, open }
    }

    #[test]
    fn a_non_member_gets_not_found_for_circle_content() {
        let a = actor(1, 1);
        let c = circle(1, Membership::None, true);
        assert!(matches!(circle_content(&a, &c), Err(Error::NotFound)));
        assert_eq!(circle_view(&a, &c).unwrap(), CircleView::JoinOffer);
        let closed = circle(1, Membership::None, false);
        assert!(matches!(circle_view(&a, &closed), Err(Error::NotFound)));
    }

    #[test]
    fn another_organisation_does_not_exist_even_for_a_member_row() {
        let a = actor(1, 2);
        let c = circle(1, Membership::Member, true);
        assert!(matches!(circle_content(&a, &c), Err(Error::NotFound)));
    }

    #[test]
    fn a_decider_sees_a_proposal_only_once_submitted() {
        let a = actor(7, 1);
        let mut p = ProposalFacts { circle: circle(1, Membership::None, false), decider_id: Some(7), submitted: false };
        assert!(matches!(proposal(&a, &p), Err(Error::NotFound)));
        p.submitted = true;
        assert_eq!(proposal(&a, &p).unwrap(), ProposalAccess::Decider);
        assert!(decide(&a, &p).is_ok());
        let other = actor(8, 1);
        assert!(matches!(decide(&other, &p), Err(Error::NotFound)));
    }

    fn session_facts(membership: Membership, guest: bool, ends_at: i64, now: i64) -> SessionFacts {
        SessionFacts { circle: circle(1, membership, false), actor_is_guest: guest, ends_at, now }
    }

    #[test]
    fn a_guest_sees_their_session_but_cannot_manage_it() {
        let a = actor(5, 1);
        let s = session_facts(Membership::None, true, 10_000, 5_000);
        assert_eq!(session(&a, &s).unwrap(), SessionAccess::Guest);
        // A member-only action is something the guest may not know exists: 404, not 403.
        assert!(matches!(session_manage(&a, &s), Err(Error::NotFound)));
    }

    #[test]
    fn a_guests_access_ends_two_hours_after_the_session() {
        let a = actor(5, 1);
        let end = 1_000_000;
        assert_eq!(GUEST_GRACE_SECONDS, 7200);
        for now in [end - 3600, end, end + GUEST_GRACE_SECONDS - 1] {
            assert_eq!(session(&a, &session_facts(Membership::None, true, end, now)).unwrap(), SessionAccess::Guest);
        }
        for now in [end + GUEST_GRACE_SECONDS, end + 7 * 86_400] {
            let s = session_facts(Membership::None, true, end, now);
            assert!(matches!(session(&a, &s), Err(Error::NotFound)), "a guest still in at {now}");
            assert!(matches!(session_manage(&a, &s), Err(Error::NotFound)));
        }
        // A session whose end cannot be told is closed to guests; members keep their sessions.
        assert!(matches!(session(&a, &session_facts(Membership::None, true, i64::MIN, 0)), Err(Error::NotFound)));
        let member = session_facts(Membership::Member, false, end, end + 365 * 86_400);
        assert_eq!(session(&a, &member).unwrap(), SessionAccess::Member);
        // Never invited: nothing, at any time.
        assert!(matches!(session(&a, &session_facts(Membership::None, false, end, end - 1)), Err(Error::NotFound)));
    }

    #[test]
    fn a_guest_account_gets_not_found_for_a_professionals_pages() {
        let mut g = actor(5, 1);
        g.is_guest = true;
        assert!(matches!(start_circle(&g), Err(Error::NotFound)));
        assert!(start_circle(&actor(6, 1)).is_ok());
    }

    #[test]
    fn a_join_offer_never_names_the_members() {
        assert!(circle_member_names(CircleView::Member));
        assert!(circle_member_names(CircleView::Invitation));
        assert!(!circle_member_names(CircleView::JoinOffer));
        // Whoever is offered an open circle, a manager of its members or not, gets the same view.
        let mut manager = actor(9, 1);
        manager.is_manager = true;
        let open = circle(1, Membership::None, true);
        assert_eq!(circle_view(&manager, &open).unwrap(), CircleView::JoinOffer);
        assert!(!circle_member_names(circle_view(&manager, &open).unwrap()));
    }

    #[test]
    fn l_and_d_sees_a_circles_figures_only_from_five_members() {
        assert_eq!(MIN_GROUP, 5);
        assert!(!circle_metadata_shown(4));
        assert!(circle_metadata_shown(5));
        assert!(!small_circles_shown(4));
        assert!(small_circles_shown(5));
    }

    #[test]
    fn retrieval_draws_on_another_circles_proposal_only_once_it_left_that_circle() {
        let facts =
            |same_circle, submitted, returned| EarlierProposalFacts { org_id: 1, same_circle, submitted, returned };
        // The asking circle's own proposals, in any state.
        assert!(retrieval_may_use(1, &facts(true, false, false)));
        assert!(retrieval_may_use(1, &facts(true, true, true)));
        // Another circle's: submitted or later, not while it is back with that circle.
        assert!(!retrieval_may_use(1, &facts(false, false, false)));
        assert!(retrieval_may_use(1, &facts(false, true, false)));
        assert!(!retrieval_may_use(1, &facts(false, true, true)));
        // Another organisation's: never.
        assert!(!retrieval_may_use(2, &facts(true, true, false)));
    }

    #[test]
    fn a_path_suggestion_is_its_owners_alone_and_a_draft_its_circles() {
        let member = circle(1, Membership::Member, false);
        let outsider = circle(1, Membership::None, true);
        assert!(ai_request(&actor(1, 1), 1, Some(1), None).is_ok());
        assert!(matches!(ai_request(&actor(2, 1), 1, Some(1), None), Err(Error::NotFound)));
        assert!(ai_request(&actor(2, 1), 1, None, Some(&member)).is_ok());
        assert!(matches!(ai_request(&actor(2, 1), 1, None, Some(&outsider)), Err(Error::NotFound)));
        assert!(matches!(ai_request(&actor(1, 2), 1, Some(1), None), Err(Error::NotFound)));
    }

    #[test]
    fn only_l_and_d_of_the_organisation_knows_the_impact_register() {
        let mut a = actor(1, 1);
        assert_eq!(impact_register(&a).unwrap_err().status(), axum::http::StatusCode::NOT_FOUND);
        a.is_manager = true;
        a.is_admin = true;
        assert!(impact_register(&a).is_err(), "a manager or administrator is not L&D");
        a.is_adviser = true;
        assert!(impact_register(&a).is_ok() && impact_solution(&a, 1).is_ok());
        assert!(impact_solution(&a, 2).is_err(), "another organisation's register does not exist");
    }

    #[test]
    fn a_reflection_is_its_writers_alone() {
        assert!(reflection(&actor(1, 1), 1).is_ok());
        assert!(matches!(reflection(&actor(2, 1), 1), Err(Error::NotFound)));
    }

    #[test]
    fn a_manager_sees_only_the_path_parts_the_owner_shared_and_never_reflections() {
        let parts = path_parts_for_manager(true, false, false);
        assert!(parts.plan && !parts.progress && !parts.items && parts.any());
        assert!(!path_parts_for_manager(false, false, false).any());
        assert!(!conversation_shows_reflection_count(ConversationSide::Manager));
        assert!(conversation_shows_reflection_count(ConversationSide::Professional));
    }
}
