## Hartslag — English messages (second language)
## Words follow /work/shared/concept/glossary.md; the product names Prof-cirkel and
## Vitale Weekcyclus stay Dutch.

## General and navigation

skip-to-content = Skip to content
nav-label = Main menu
nav-my-week = My week
nav-my-sessions = My sessions
nav-circles = Prof-cirkels
nav-reflections = My reflections
nav-decisions = Decisions
nav-team = Team
nav-framework = Didactic framework
nav-circle-overview = Circle overview
nav-admin = Administration
logout = Log out
footer-privacy = What happens in a Prof-cirkel is visible only to its members. Managers see only hours and submitted proposals.
save = Save
delete = Delete
search = Search
pagination = Pages
page-prev = Previous
page-next = Next
page-n = Page { $n }
week-short = wk

## Form fields

field-name = Name
field-email = Email address
field-password = Password
field-title = Title
field-date = Date
field-unit = Department
field-job-title = Job title
field-initial-password = Initial password
field-new-password = New password
field-parent-unit = Part of
field-manager-email = Manager's email address
password-hint = At least 10 characters. Without a password this person cannot log in yet.
password-hint-keep = Leave empty to keep the current password. A new password has at least 10 characters.

## Roles

role-admin = Administrator
role-adviser = L&D adviser
role-guest = Guest
role-manager = Manager

## Log in

login-title = Log in
login-intro = Log in with your email address and password.
login-button = Log in
login-failed = This email address and password do not match. Check them and try again.
login-refused = This login form did not come from this login page or has expired, so nobody was logged in. Log in again below.
login-throttled = Too many failed attempts for this email address. Try again in { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}, or ask your administrator for help.

## API tokens

api-tokens-title = API tokens
api-tokens-link = API tokens
api-tokens-intro = With an API token, another program works with Hartslag on your behalf, through the JSON API under /api/v1. It may do exactly what you may do, and no more. A read-only token cannot change anything; every token expires on the date chosen, at most a year after it was made.
api-tokens-mine = Your tokens
api-tokens-none = You have no API token yet.
api-token-scope-label = What the token may do
api-token-scope-read = Read only
api-token-scope-read_write = Read and change (votes, decisions, notes, work situations)
api-token-created-at = Created
api-token-expires-at = Expires
api-token-status = Status
api-token-revoked = revoked
api-token-expired = expired
api-token-revoke = Revoke
api-token-new = New token
api-token-name-hint = A name by which you will recognise the token later, for instance the program that uses it.
api-token-days-label = Valid for
api-token-days-choice = { $days } days
api-token-create = Create token
api-token-created = The new token:
api-token-once = Copy it now: it is shown only once. Hartslag keeps only a fingerprint of it.
api-token-name-required = Give the token a name, so you recognise it later.
api-token-scope = Choose what the token may do: read only, or read and change.
api-token-days = A token is valid for 1 to { $max } days.

## Errors

error-title-not-found = Not found
error-title-forbidden = No access
error-title-conflict = This is not possible now
error-title-invalid = Please check your input
error-title-internal = Something went wrong
error-not-found = This page does not exist, or you do not have access to it.
error-unauthenticated = Please log in to continue.
error-token-expired = This API token has expired. Make a new one on the API tokens page.
error-token-read-only = This API token may only read. For a change, use a token that may read and change.
error-forbidden = Your role does not allow this. Ask someone who can do it.
error-csrf = The form has expired. Reload the page and try again.
error-internal = Something went wrong on our side. Try again in a few minutes. If it keeps happening, tell your administrator.
error-form = The form did not arrive correctly. Reload the page and try again.
error-json = The request is not valid JSON. Check its structure and send it again.
error-text-nul = The text contains an invisible character Hartslag cannot store (NUL). Remove it, for example by typing the text again, and try again.
error-go-back = Go back to the previous page, or start again from your week.

## My week

week-decisions-waiting = { $count ->
    [one] 1 proposal is waiting for your decision.
   *[other] { $count } proposals are waiting for your decision.
}
week-next-sessions = Upcoming sessions
week-no-sessions = No sessions are planned.
week-votes-waiting = Waiting for your vote
week-no-votes = Nothing is waiting for your vote.
week-proposals = Proposals from my Prof-cirkels

## Prof-cirkels

circles-title = Prof-cirkels
circles-invitations = Invitations
circles-mine = My Prof-cirkels
circles-mine-empty = You are not in a Prof-cirkel yet.
circles-open = Open Prof-cirkels
circles-open-hint = You can join an open Prof-cirkel yourself, as long as there is room.
circles-open-empty = There are no open Prof-cirkels you can join right now.
circles-find = Find a Prof-cirkel
members-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
circle-start = Start a Prof-cirkel
circle-start-intro = A Prof-cirkel is a small group you put together yourselves. A Vitale Weekcyclus can start from { $min } members.
circle-size-max = A Prof-cirkel has at most { $max } members.
circle-purpose = What do you want to work on?
circle-purpose-hint = Optional. For an open Prof-cirkel, colleagues see this in the list.
circle-open = Open: colleagues can join themselves
circle-create = Start
circle-invited = You have been invited to this Prof-cirkel.
circle-accept = Accept invitation
circle-decline = Decline
circle-join-intro = This is an open Prof-cirkel. You can join it yourself.
circle-join = Join
circle-members = Members
circle-members-hidden = You see who is in this Prof-cirkel once you join. That way nobody, managers included, sees who learns in which Prof-cirkel.
circle-invited-tag = invited
circle-below-min = A Vitale Weekcyclus can only start from { $min } members. Invite someone else first.
circle-invite = Invite a colleague
circle-invite-email = Your colleague's email address
circle-invite-send = Invite
circle-weeks = Active weeks
circle-weeks-empty = No active weeks have been planned yet.
circle-all-weeks = All active weeks
circle-leave = Leave Prof-cirkel
circle-leave-confirm = You will no longer be a member and will no longer see this Prof-cirkel's content. The members can invite you again later.
circle-name-required = Give the Prof-cirkel a name.
circle-purpose-too-long = The purpose can be at most { $max } characters. Please shorten it.
circle-full = This Prof-cirkel is full: it has room for at most { $max } members, open invitations included.
circle-already-member = You are already a member of this Prof-cirkel.
invite-unknown-colleague = There is no active colleague with this email address. Check the address.
invite-already-member = This colleague is already a member of the Prof-cirkel.
invite-already-invited = This colleague has already been invited.

## Circle overview (L&D adviser)

overview-title = Circle overview
overview-intro = Figures per Prof-cirkel: members and active weeks. The content of the Prof-cirkels is not shown here. A Prof-cirkel with fewer than { $min } members does not get a row of its own, as it would show when a few known people were learning: the smaller circles are counted together in one row, and only when they have at least { $min } members together.
overview-small-circles = Smaller circles together ({ $count })
overview-empty = There are no Prof-cirkels to show here yet.
overview-size = Members
overview-active-weeks = Active weeks
overview-last-week = Last active week

## Vitale Weekcyclus

cycle-title = Vitale Weekcyclus
cycle-plan = Plan an active week
cycle-plan-intro = { $count ->
    [one] The week gets 1 session of { $minutes } minutes, on Monday.
   *[other] The week gets { $count } sessions of { $minutes } minutes, one a day from Monday at the same time.
} You can move each session afterwards.
cycle-week = Week
cycle-week-hint = Pick any day in the week. The cycle starts on the Monday of that week.
cycle-time = Time
cycle-place = Place
cycle-plan-button = Plan week
cycle-sessions = Sessions
cycle-choices = Material for this week
cycle-choose-situations = Which work situations do you take this week?
cycle-choose-questions = Which guiding questions are central this week?
cycle-save-choices = Save choices
cycle-week-invalid = Enter a valid date.
cycle-time-invalid = Enter a valid time, for example 14:00.
cycle-place-too-long = The place can be at most { $max } characters.
cycle-week-taken = A Vitale Weekcyclus is already planned for this week. Pick another week or open the planned one.
cycle-question-unknown = A chosen question is not in this week's didactic framework. Reload the page and choose again.
cycle-situation-unknown = This work situation does not belong to this Prof-cirkel. Reload the page and choose again.
sessions-count = { $count ->
    [one] 1 session
   *[other] { $count } sessions
}

## Session

session-n = Session { $n }
minutes-n = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
session-cancelled = Cancelled
session-change = Change time or place
session-cancel = This session is cancelled
session-guest-notice = You are a guest in this one session. You do not see the rest of the Prof-cirkel.
guest-created = A guest account has been created. Pass this password on to the guest yourself: { $password } — it is shown only once.
session-material = This week's material
session-no-situations = No work situations have been chosen for this week yet.
session-week-questions = This week's guiding questions
session-steps = Steps of this session
step-n = Step { $n }
step-next = Next step
proposal-write-yourself = Write the proposal yourselves
note-shared = Shared notes for this step
note-save = Save notes
note-saved-by = Last saved by { $name } on { $date }
note-conflict = Someone else saved these notes in the meantime. Your text is shown below. Merge it into the current text and save again.
note-your-text = Your text
note-too-long = Notes can be at most { $max } characters. Please shorten them.
note-personal-step = This step is personal. Write your answer as a reflection, not as a shared note.
attendance-title = Attendance
attendance-who = Who was there?
attendance-save = Save attendance
attendance-not-yet = Who was there can be filled in from the day of the session itself.
attendance-unknown-person = Only members and guests of this session can be marked present. Reload the page.
guests-title = Guests
guests-empty = There are no guests in this session.
guest-invite = Invite a guest
guest-invite-hint = A guest takes part in this one session only. A colleague is found by their own email address; someone from outside gets a guest account.
guest-already-invited = This person has already been invited to this session.

## Steps of a session frame

step-choose = Choose
step-analyse = Analyse
step-problem = Problem statement
step-explore = Explore
step-brainstorm = Brainstorm
step-ai = Draft by AI
step-evaluate = Evaluate
step-validate = Validate
step-learn = Learn
step-embed = Embed

## Work situations

situations-title = Work situations
situations-empty = There are no work situations yet.
situations-all = All work situations
situation-new = Add a work situation
situation-new-intro = Describe a real situation from your work: what happened, who was involved, and what made it difficult or important?
situation-title = Title
situation-title-hint = Short and recognisable, for example: Handover from the late to the night shift.
situation-description = Description
situation-kind = Kind
situation-kind-work_process = Work process
situation-kind-business_process = Business process
situation-kind-characteristic = Characteristic of the work
situation-critical = Critical
situation-critical-check = This is a critical work situation
text-too-long = This text is { $length } characters long; { $max } at most. Please shorten it.
situation-title-required = Give the work situation a title.
situation-description-required = Describe the work situation: what happened, and what made it hard?
situation-kind-invalid = Choose a kind of work situation from the list.

## Proposals

proposals-title = Proposals
proposals-empty = There are no proposals yet.
proposals-all = All proposals
proposal-new = New proposal
proposal-edit = Edit proposal
proposal-from-situation = Write a proposal for this work situation
proposal-for-situation = For work situation: { $title }
proposal-edit-resets-votes = If you change the text, the votes are cleared and validation starts again.
proposal-edit-conflict = Someone else changed this proposal in the meantime. Your text is shown below. Merge it into the current text and save again.
proposal-kind = Kind of proposal
kind-improvement = Improvement proposal
kind-innovation = Innovation proposal
proposal-field-title = Title
proposal-field-problem = Problem or opportunity
proposal-field-proposal = Proposal
proposal-field-effect = Expected effect
proposal-field-risks = Risks and points of attention
proposal-text = Text of the proposal
proposal-start-validation = Put to validation
proposal-back-to-draft = Back to draft
proposal-title-required = Give the proposal a title.
proposal-text-required = Describe the proposal.
proposal-field-too-long = A field can be at most { $max } characters. Please shorten the text.
proposal-kind-invalid = Choose improvement proposal or innovation proposal.
proposal-not-editable = This proposal has been submitted and can no longer be edited.
proposal-transition-not-allowed = This step is not possible in the proposal's current state. Reload the page to see where it stands.
proposal-changed-meanwhile = The proposal was changed in the meantime. Reload the page and try again.
proposal-decider-unknown = Choose a decider from the list of managers.

## Phases of an innovation proposal

phase-label = Phase
phase-advance = Move to the next phase
phase-vision = Vision and imagination
phase-opportunity_assessment = Opportunity assessment
phase-preparation = Preparation and exploitation
phase-not-innovation = Only an innovation proposal has phases.
phase-last = This proposal is already in its last phase.

## Validation

validation-title = Validation
validation-rule = Rule: { $rule }.
validation-count = Agree: { $agree } of { $members }. { $object ->
    [0] No objections.
    [one] 1 objection.
   *[other] { $object } objections.
}
vote-agree = Agree
vote-object = Object
vote-cast = Your vote
vote-change = Change your vote
vote-reason = Reason
vote-reason-hint = Required when you object: say what should change.
vote-submit = Save vote
vote-choice-invalid = Choose agree or object.
vote-reason-too-long = The reason can be at most { $max } characters.
vote-reason-required = Give a reason when you object, so the group knows what should change.
vote-not-open = This proposal is not open for votes now.
votes-earlier = Votes on earlier versions
revision-n = Version { $n }
revisions-title = Earlier versions

## Validation rules

rule-two-thirds-no-objection = Two thirds agree and nobody objects
rule-majority-no-objection = Half or more agree and nobody objects
rule-unanimous = Everyone agrees
rule-two-thirds = Two thirds agree; an objection does not block
rule-custom = The organisation's own rule

## Submit

submit-title = Submit
submit-intro = The proposal has been validated. Choose who decides on it. The decider sees the submitted text, not your votes or earlier versions.
submit-no-managers = There is no manager to submit to yet. Ask the administrator to link managers to departments.
submit-decider = Decider
submit-button = Submit

## Decision

decision-title = Decision
decision-decider = Decider: { $name }
decision-choose = Your decision
decision-accept = Accept
decision-return = Return for changes
decision-decline = Decline
decision-reason = Reason
decision-reason-hint = Required when you decline or return. The Prof-cirkel reads your reason.
decision-submit = Record decision
decision-invalid = Choose accept, return or decline.
decision-reason-required = Give a reason when you decline or return a proposal.
decisions-intro = Proposals submitted to you. You see the submitted text and what happens after, not how the Prof-cirkel got there.
decisions-waiting = Waiting for your decision
decisions-none-waiting = Nothing is waiting for your decision.
decisions-since = Submitted on { $date }
decisions-decided = Decided earlier
decisions-none-decided = You have not made any decisions yet.

## Implementation and effect

implementation-title = Implementation
implementation-plan = Plan implementation
implementation-start = Start implementation
implementation-complete = Complete implementation
effect-title = Effect
effect-empty = There are no notes on the effect yet.
effect-add = What effect do you notice?
effect-note-required = Write down what you saw of the effect.
effect-not-yet = You can record the effect once the proposal has been accepted.

## History of a proposal

history-title = History
history-someone = Someone
history-created = { $name } created the proposal
history-edited = { $name } changed the text
history-edit = { $name } changed the text
history-phase = { $name } moved the proposal to the phase { $phase }
history-start_validation = { $name } put the proposal to validation
history-back_to_draft = { $name } moved the proposal back to draft
history-validated = { $name } agreed as the last one needed; the proposal is validated
history-validation_reopened = After { $name }'s vote the proposal is no longer validated
history-submit = { $name } submitted the proposal
history-submit-to = { $name } submitted the proposal to { $decider }
history-accept = { $name } accepted the proposal
history-decline = { $name } declined the proposal
history-return = { $name } returned the proposal to the group
history-plan_implementation = { $name } planned the implementation
history-start_implementation = { $name } started the implementation
history-complete = { $name } reported the implementation as done
event-votes-reset = the votes were cleared

## State of a proposal

state-draft = Draft
state-in_validation = In validation
state-validated = Validated
state-submitted = Submitted
state-accepted = Accepted
state-declined = Declined
state-returned = Returned
state-implementation_planned = Implementation planned
state-in_progress = In progress
state-done = Done

## Reflections

reflections-title = My reflections
reflection-private = Your reflections are for you alone. Your Prof-cirkel and your manager cannot read them.
reflection-write = New reflection
reflection-save = Save reflection
reflections-empty = You have not written any reflections yet.
reflection-session = from a session
reflection-required = Write down your reflection.

## Team (manager)

team-intro = For each team member you see only how many of the granted hours were used per active week. You see nothing of the Prof-cirkels' content.
team-empty = There are no team members in the departments you manage.
team-caption = Learning time per week in hours: used / granted

## Didactic framework

framework-title = Didactic framework
framework-intro = The guiding questions and session frames that Prof-cirkels use in their Vitale Weekcyclus. Every change becomes a new version; weeks already planned keep their version.
framework-edit = Edit framework
framework-edit-intro = You are editing version { $version }. Saving creates a new version; weeks already planned keep their version.
framework-version = Version { $version }
framework-versions = Versions
framework-questions = Guiding questions
framework-questions-hint = Empty a question in both languages to retire it.
framework-question = Question
framework-phase = Phase
framework-frames = Session frames
framework-frames-hint = One step per line: kind, colon, question numbers. For example: analyse: 2, 3. Kinds: { $kinds }.
framework-frame = Session frame
framework-steps = Steps
framework-save-version = Save as new version
framework-questions-count = A framework has at least 1 and at most 30 guiding questions.
framework-question-number = Each question needs its own number, 1 or higher. Check the numbers.
framework-question-text = Question { $no } needs a Dutch text of at most 500 characters; the phase can be at most 60 characters.
framework-frames-count = A framework has at least 1 and at most 7 session frames.
framework-frame-invalid = Each session frame needs a Dutch title of at most 120 characters and at least one step.
framework-step-kind = "{ $kind }" is not a known kind of step. Use one of the kinds listed under Session frames.
framework-step-unknown-question = A step refers to question { $no }, but that question does not exist.
framework-concurrent-edit = Someone else saved a new version in the meantime. Reload the page and make your changes again.

## Settings

settings-title = Settings
settings-intro = Defaults for the Vitale Weekcyclus and the Prof-cirkels in the organisation.
settings-sessions-per-week = Sessions per active week
settings-session-minutes = Minutes per session
settings-granted-hours = Granted learning time per active week, in hours
settings-circle-min = Minimum number of members per Prof-cirkel
settings-circle-max = Maximum number of members per Prof-cirkel
settings-validation-rule = When is a proposal validated?
settings-sessions-range = Choose 1 to 7 sessions per week.
settings-minutes-range = Choose 15 to 240 minutes per session.
settings-granted-range = Enter 0 to 40 hours, for example 4 or 2.5.
settings-circle-size-range = The minimum is between 2 and 12; the maximum is between the minimum and 12.
settings-rule-unknown = Choose a rule from the list.

## Administration

admin-title = Administration
admin-people = People
admin-search = Search by name or email address
admin-no-people = No people found.
admin-roles = Roles
admin-inactive = inactive
admin-active = Active (can log in)
admin-new-person = Add a person
admin-create-person = Add person
admin-units = Departments
admin-no-units = There are no departments yet.
admin-people-count = People
admin-new-unit = Add a department
admin-create-unit = Add department
admin-keep-own-role = You cannot remove your own administrator role or make yourself inactive. Ask another administrator.
unit-people-count = { $count ->
    [one] 1 person
   *[other] { $count } people
}
unit-name-required = Give the department a name.
unit-parent-unknown = This department does not exist. Choose a department from the list.
unit-parent-cycle = A department cannot be part of itself or of one of its own sub-departments.
unit-manager-unknown = There is nobody with this email address in the organisation. Add the manager as a person first.
person-name-required = Enter a name.
job-title-too-long = The job title can be at most { $max } characters.
email-invalid = Enter a valid email address, such as name@organisation.nl.
email-taken = Someone with this email address already exists.
password-too-short = Choose a password of 10 to 200 characters that is not one character repeated.
org-slug-taken = This short name for the organisation is already in use. Choose another one.

admin-organisation = Organisation
org-name-required = Give the organisation a name.

## Learning time
nav-time = My learning time
time-title = My learning time
time-title-of = Learning time of { $name }
time-intro = How much of the granted learning time you used, from your attendance at sessions. Time is granted in weeks in which one of your Prof-cirkels has an active week.
time-intro-manager = Only hours used and granted, from attendance. You see nothing of what happens in the sessions.
time-granted-per-week = Granted per active week: { $hours } hours.
time-per-month = Per month
time-per-week = Per week
time-month = Month
time-week = Week
time-used-of-granted = Used / granted (hours)
time-grant-title = Grant learning time
time-grant-hours = Hours per active week for this person
time-grant-hint = Leave empty for the organisation default.

## Learning path
nav-path = My learning path
path-title = My learning path
path-intro = You design your own learning path: the period, active weeks, your talents and goals in your own words, the guiding questions you want to work on and formal learning you choose. It is yours: per part you decide what your manager may see.
path-progress = Progress from your own data
path-active-weeks = Active weeks held
path-hours-used = Learning time used (hours)
path-reflections = Reflections written
path-proposals = Proposals you contributed to
path-formal = Formal learning
path-formal-empty = No formal learning chosen yet.
path-milestones = Milestones
path-milestones-empty = No milestones yet.
path-milestone = Milestone
path-add-item = Add formal learning or a milestone
path-item-kind = Kind
path-provider = Provider
path-hours = Hours (optional)
path-link = Link
path-due = Date (optional)
path-done = done
path-undone = not done after all
hours-short = h
path-plan = Your plan
path-start = Start your learning path
path-starts = Starts on
path-ends = Ends on
path-planned-weeks = Planned active weeks
path-talents = Talents
path-goals = Goals and learning questions
path-questions = Guiding questions you want to work on
path-share = Share with your manager
path-share-hint = Nothing is shared unless you tick it. Your reflections are never shared automatically.
path-share-plan = My plan (period, talents, goals)
path-share-progress = My progress (active weeks, reflections counted, proposals)
path-share-items = My formal learning and milestones
path-shared-title = Shared learning path
path-nothing-shared = This person shares nothing of their learning path (yet).
path-planned-n = { $n } active weeks planned
path-dates-invalid = Choose a start and end date; a path lasts at least a week and at most three years.
path-weeks-invalid = The number of active weeks must be between 1 and the number of weeks in the period.
path-goals-required = Write down your goals.
path-text-too-long = This text is too long (at most { $max } characters).
path-item-title-required = Give a title.
path-link-invalid = A link starts with https:// or http://.
path-hours-invalid = Enter the hours as a number, for example 8 or 2.5.
path-edit-conflict = Your learning path was saved elsewhere in the meantime. Reopen the page and make your change again.

## Personal data rights
data-title = My data
data-intro = Everything Hartslag keeps about you, by module. You can also download it as JSON, to take along or have it checked.
data-download = Download as JSON
data-none = Nothing.
data-format = Format
data-exported-at = Made on
data-profile = Profile
data-circles = Prof-cirkels
data-attendance = Attendance
data-guest-sessions = Sessions as a guest
data-work-situations = Work situations you wrote
data-notes-last-saved = Notes you saved last
data-reflections = Reflections
data-proposals-created = Proposals you started
data-proposal-edits = Proposal edits
data-votes = Votes
data-effect-notes = Effect notes
data-decisions = Decisions as decider
data-learning-paths = Learning paths
data-learning-path-items = Formal learning and milestones
data-api-tokens = API tokens
data-calendar-feed = Calendar subscription (created at)
former-member = Former member
erase-title = Erase data (right to erasure)
erase-intro = Erases this person's reflections, learning paths, sessions and tokens and makes the account unusable. What the group made together — proposals, notes, votes — stays, attributed to "Voormalig lid" (former member). This cannot be undone.
erase-confirm-label = I have this person's request and understand this cannot be undone.
erase-button = Erase data
erase-confirm = Tick the box to confirm the erasure; nothing was erased.

## Manager accountability
manager-title = Account of { $name }
manager-intro = The manager is accountable too: to the team and to their own manager. Over the last { $weeks } weeks.
manager-honoured = Team learning time granted that was used
manager-decided = Proposals decided
manager-median-days = Median time to decision (days)
manager-waiting = Proposals waiting for a decision now
manager-own-figures = My account to the team
week-manager-figures = Your manager's account

## Talent-development conversation
nav-conversations = Conversations
conversations-title = Talent-development conversations
conversations-intro = A conversation between you and your manager, scheduled by either of you. You account for learning time used, proposals and your development — never for your learning activities. Your manager accounts for time granted and decisions.
conversation-with-manager = Schedule a conversation with { $name } on
conversation-with-team-member = Schedule a conversation with
conversation-schedule = Schedule conversation
conversations-history = Earlier and planned conversations
conversations-empty = No conversations yet.
conversation-confirmed-tag = Confirmed by both
conversation-title = Talent-development conversation
conversation-account-of = Account of { $name }
conversation-professional-hint = From their own data: learning time used, proposals and what they shared of their learning path.
conversation-manager-hint = Time granted to and used by the team, decisions and how long they took.
conversation-time = Learning time used / granted (last six months)
conversation-only-you = only you see this
conversation-narrative = How my development is going
conversation-narrative-label = My development, in my own words
conversation-wishes = Wishes for the next period
conversation-support = Support given and obstacles removed
conversation-support-label = The time and support I gave, and the obstacles I removed
conversation-agreements = Agreements
conversation-agreements-empty = No agreements yet.
conversation-agreement = Agreement
conversation-follow-up-date = Follow up on (optional)
conversation-follow-up = follow up on { $date }
conversation-add-agreement = Add agreement
conversation-confirmations = Confirmed by
conversation-confirm = I confirm this record
conversation-date-invalid = Choose a valid date.
conversation-no-manager = No manager manages this person; an administrator can set that up.
conversation-confirmed = This record was confirmed by both and is final.
agreement-text-required = Write down the agreement.
data-conversations = Talent-development conversations
data-agreements = Agreements
error-bad-request = This address or input is not valid. Check the link or the form and try again.
error-method = This action cannot be done here in this way.
error-too-large = What you sent is too large.

## Cockpit
nav-cockpit = Cockpit
cockpit-title = Cockpit
cockpit-trail = Place in the organisation
cockpit-intro = How the organisation learns, in figures. Never about one person: a month is published once it is over and never changes after that, and a group of fewer than { $k } participants stays hidden, also from subtraction.
cockpit-refreshed = Updated: { $at }.
cockpit-refresh = Update now
cockpit-grain = Period
cockpit-grain-week = Per week
cockpit-grain-month = Per month
cockpit-grain-quarter = Per quarter
cockpit-group-small = This group has fewer than { $k } people, so we show no figures here.
cockpit-group-protect = This group's figures are hidden: otherwise a smaller group beside it could be worked out.
cockpit-headcount = People
cockpit-trend = Over time
cockpit-trend-caption = { $unit } over time, per period
cockpit-period = Period
cockpit-participation = Participation
cockpit-active-weeks = Active weeks
cockpit-hours = Hours used / granted
cockpit-sessions = Sessions attended
cockpit-proposals = Proposals
cockpit-acceptance = Accepted
cockpit-implementation = Implemented
cockpit-lead = Decision time (median)
cockpit-proposals-in = Proposals started in { $period }
cockpit-by-status = Proposals by status
cockpit-status = Status
cockpit-count = Count
cockpit-parts-in = Parts in { $period }
cockpit-no-parts = This unit has no parts.
cockpit-parts-caption = The people placed in this unit itself and each unit below it (with everything under it)
cockpit-unit = Unit
cockpit-csv = Download these figures as CSV
cockpit-returns = What these figures say about the returns
cockpit-returns-intro = Learning while working promises rich returns. These figures speak to some of them; the rest needs a scan.
cockpit-how = How small groups are protected
cockpit-how-text = We do not show a group of fewer than { $k } people, or in which fewer than { $k } people took part, not even as ‘nobody’. A month is published once, when it is over, and never changes after that: there are never two versions of one figure. Weeks are not published. When parts of a shown total are hidden, together they hold at least { $k } participants; otherwise we hide one more part. A quarter is the sum of its months and shows only where each month does. More in docs/PRIVACY-MODEL.md.
cockpit-min-group = Smallest group with figures
cockpit-min-group-hint = Five or more; never fewer than five.
cockpit-min-group-range = Enter a number from 5 to 100.
cockpit-hidden-small = Hidden: fewer than { $k } people or participants
cockpit-hidden-protect = Hidden to protect a small group
cockpit-state-open = In the making, submitted or returned
cockpit-state-declined = Declined
cockpit-state-accepted = Accepted, being implemented
cockpit-state-done = Implemented
cockpit-hidden-pending = Not published yet: this period is still under way
cockpit-days-upto = at most { $n } days
cockpit-days-over = more than { $n } days
cockpit-week-short = wk
cockpit-no-unit = Without a unit
cockpit-direct = Placed in { $unit } itself
cockpit-chart-see-table = The numbers are in the table with this chart.
cockpit-chart-see-table-numbered = The bars are numbered in the order of the table below, which also gives the numbers.
cockpit-used = Used
cockpit-granted = Granted
cockpit-parts = Parts
cockpit-csv-section = Section
cockpit-csv-scope = Group
cockpit-csv-period = Period
cockpit-csv-hidden = Hidden

return-engaged = More engaged and better qualified professionals
return-engaged-how = Participation, active weeks and hours used show how many people take part. Whether they feel more engaged needs a scan.
return-talents = Talents better used
return-talents-how = Not in these figures. The career-competencies scan and learning paths (only what people share themselves) say more.
return-agility = Fewer rules, more agility
return-agility-how = Proposals, the share accepted and implemented, and decision time.
return-vitality = Work balance, vitality and happiness at work
return-vitality-how = Not in these figures; this needs the WEB scan (energy sources and job demands).
return-ai-use = Broad AI use and higher productivity
return-ai-use-how = Not yet in these figures; the AI-literacy scan gives a first picture.
return-ai-critical = Professionals who learn to handle AI critically
return-ai-critical-how = Not yet in these figures; the AI-literacy scan (its critical and ethical thinking layer).
return-inclusion = More inclusion and collaboration
return-inclusion-how = Participation per unit shows whether everyone takes part; how people work together needs the learning-culture scan.
return-inventive = A more inventive organisation
return-inventive-how = The number of proposals and how many are implemented.
return-culture = A performance-minded learning culture
return-culture-how = This needs the learning-culture scan, with its six building blocks.
return-society = Contributions to society
return-society-how = Not measurable with these figures.

## Retention
retention-title = Retention periods
retention-intro = What need not be kept forever, Hartslag removes every hour according to these periods. Empty means: keep.
retention-notes = Keep shared session notes for (months)
retention-notes-hint = Counted from the last change. Proposals, with what the group concluded, stay.
retention-departed = Erase deactivated accounts after (months)
retention-departed-hint = Erased as on request: personal data gone, shared work stays under "Former member".
retention-range = Enter a number of months from 1 to 120, or leave the field empty.

## AI
ai-label = Draft by AI
ai-panel-draft = AI proposal
ai-panel-critique = Critical friend (AI)
ai-panel-questions = Fitting guiding questions (AI)
ai-panel-path = A suggestion for your learning path (AI, for you only)
ai-ask-draft = Let the AI write a draft
ai-ask-critique = Ask the AI to criticise your proposal
ai-ask-questions = Ask the AI which questions fit
ai-ask-path = Ask for a suggestion from your reflections
ai-ask-hint = The AI writes a draft, field by field. You judge it; nothing happens without you.
ai-answered-by = Answered by: { $who }.
ai-demo-model = This is a small demo model: its text is weak and sometimes nonsense. Read it extra critically.
ai-which-situation = About which work situation?
ai-live-waiting = Place in line: #
ai-live-writing = The AI is writing…
ai-stop = Stop
ai-live-stopped = Stopped.
ai-asked-by = asked by { $name }
ai-in-progress = The AI is working on this. Reload the page to see the text.
ai-busy = The AI is too busy right now. Try again in a few minutes.
ai-failed = The AI could not answer. Try again later or ask the administrator to check the setting.
ai-interrupted = This request was interrupted: the server working on it stopped. Feel free to ask again.
ai-drew-on = Drew on { $n } { $n ->
    [one] earlier proposal
   *[other] earlier proposals
} of the organisation about a similar situation.
ai-cut-short = cut off at the length limit
ai-left-machine = text went to an outside service
ai-provenance = { $backend } · { $model } · prompt { $prompt } · { $tokens } tokens · { $ms } ms · input { $hash }
ai-take-over = Take over as a proposal
ai-take-over-hint = You edit it before you save it.
ai-questions-picked = Suggested questions
ai-field-title = Title
ai-field-problem = Problem
ai-field-proposal = Proposal
ai-field-expected-effect = Expected effect
ai-field-risks = Risks and assumptions
ai-field-assumptions = Weak assumptions
ai-field-missing = What is missing
ai-field-decider-questions = Questions from whoever decides
ai-field-questions = Answer
ai-field-path = Suggestion
ai-part-situation = Work situation
ai-part-notes = Notes
ai-part-questions = Guiding questions
ai-off = AI is switched off in this organisation. Write the draft together yourselves; every other step works as usual.
ai-no-model = AI is chosen, but this server has no model loaded. Ask the administrator; until then, write the draft together yourselves.
ai-not-allowed = The AI server is outside this machine and the administrator has not yet allowed text to go there.
ai-nothing-to-draft-from = There is nothing to draft from yet: choose a work situation for this week or take notes.
ai-situation-unknown = That work situation is not part of this week.
ai-path-needs-reflections = Write a few reflections first; the AI makes a suggestion from them.
ai-draft-unknown = That AI draft does not exist (any more), or belongs to another circle.
ai-backend-local = local model on this server
ai-backend-external = outside service ({ $host })
ai-backend-server = AI server on this machine
ai-diff-title = AI draft and your text
ai-diff-intro = Struck through: the AI wrote it and you did not keep it; underlined: you wrote it yourselves.
ai-form-notice = Read it critically and change it. Only when you save does it become your text.
ai-prompts-title = AI prompts
ai-prompts-intro = The instructions the AI gets, per task and language. Every change is a new version; every AI answer remembers which version made it.
ai-prompt-kind = Task
ai-prompt-version = version { $n }
ai-prompt-data-rule = The group's text always goes along separately, as material and never as an instruction.
ai-prompt-system = Role (system text)
ai-prompt-instruction = Instruction
ai-prompt-save = Save as a new version
ai-prompt-builtin = Hartslag's default text
ai-prompt-required = Fill in both the role and the instruction.
ai-prompt-changed = Someone else just saved a new version. Open the page again.
ai-kind-draft-title = Draft: title
ai-kind-draft-problem = Draft: problem
ai-kind-draft-proposal = Draft: proposal
ai-kind-draft-effect = Draft: expected effect
ai-kind-draft-risks = Draft: risks and assumptions
ai-kind-critique-assumptions = Critical friend: assumptions
ai-kind-critique-risks = Critical friend: risks
ai-kind-critique-missing = Critical friend: what is missing
ai-kind-critique-questions = Critical friend: questions from whoever decides
ai-kind-questions = Fitting guiding questions
ai-kind-path = Learning-path suggestion
ai-admin-title = AI settings
ai-admin-intro = Choose who writes the AI texts. A local model keeps all text on this server. An AI server elsewhere receives text of work situations and notes: that is a choice you make here, deliberately.
ai-admin-now = Now: { $what }.
ai-admin-mode = Who writes the AI texts?
ai-mode-local = Local model on this server
ai-no-model-short = no model loaded
ai-mode-openai = An OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio, Azure OpenAI, Mistral…)
ai-mode-off = Off
ai-admin-url = Server address (usually ends in /v1)
ai-admin-model = Model name
ai-admin-key = API key
ai-admin-key-kept = stored — leave empty to keep
ai-admin-key-clear = Remove the key
ai-admin-key-hint = The key is stored encrypted and never shown again.
ai-admin-external = I allow text to go to this server outside this machine
ai-admin-external-hint = Needed for any server that does not run on this machine.
ai-admin-goes-to = Text goes to: { $host }.
ai-mode-unknown = Choose local, a server, or off.
ai-url-invalid = Enter a valid address starting with http:// or https://.
ai-model-required = Enter the model's name.
ai-external-needs-consent = This server is outside this machine. Tick that you allow text to go there.
ai-key-too-long = That key is too long.
ai-no-step = This session has no AI step; ask for the draft in the session with the AI step.
ai-no-model-admin = This server was started without a model. Start Hartslag with --ai-model (a GGUF file, local-ai build), or choose a server or Off below.

## Scans
nav-scans = Scans
week-scan-open = A scan is open for you: { $title }
scans-title = Scans
scans-mine = Open for you
scans-mine-empty = No scan is open for you right now.
scans-anonymous = Your answers are anonymous: Hartslag does not keep who answered what. Only you see your own result.
scans-runs = Scans in the organisation
scans-runs-empty = No scan has been run yet. Start with the learning-culture scan to see where you stand.
scans-instruments = Instruments
scan-new = Run a scan
scan-title = Title
scan-title-hint = Leave empty for the instrument's name with the month.
scan-instrument = Instrument
scan-period = Period
scan-state = State
scan-responses = Responses
scan-state-planned = Planned
scan-state-open = Open
scan-state-closed = Closed
scan-population = Who answers it?
scan-population-org = The whole organisation
scan-population-units = Units (with everything below them)
scan-population-jobs = Job group
scan-units-hint = Choose one or more units (Ctrl or Cmd to choose more).
scan-jobs-hint = Choose one or more job titles; in brackets, how many people hold each.
scan-opens = Open from
scan-closes = Open until
scan-new-hint = Afterwards you can send at most two calm reminders. After the closing date, who answered is wiped; only the anonymous answers remain.
scan-open = Open the scan
scan-open-until = Open until { $date }.
scan-reminder-note = Reminder: your answer counts, even if you are short of time.
scan-standing-sent = Answered
scan-standing-saved = Saved, not sent yet
scan-sent-note = Thank you. Your result is behind the link you got after sending.
scan-saved-later = Your answers are saved. You can continue later where you left off.
scan-benchmark = Benchmark
scan-norm = Norm
scan-benchmark-share = Share our anonymous totals with this installation's benchmark and see the benchmark of others
scan-benchmark-hint = Only per-block averages of closed scans with enough responses are shared, never answers or units. A benchmark appears once at least three other organisations take part.
scan-benchmark-off = You do not share with the benchmark, so you do not see it either. You can switch it on on the Scans page.
scan-benchmark-few = No benchmark yet: at least { $n } other organisations need to share their totals.
scan-benchmark-on = Benchmark: the middle value (and middle half) of { $n } other organisations.
scan-scale = Answer scale
scan-variants = Versions per job group
scan-advice = Advice
scan-upto = up to { $v }
scan-reverse-mark = (reverse-scored)
scan-part = Part { $n }
scan-progress = Progress
scan-answered = { $n } answered
scan-not-answered = not answered yet
scan-missing = Not everything is answered yet. The open questions are marked.
scan-next = Save and continue
scan-back = Previous
scan-send = Send
scan-later = Save and continue later
scan-result = Your result
scan-thanks = Thank you, your answers have been sent.
scan-result-private = Only you see this result: Hartslag does not keep your answers with your name. The address of this page is your only key; keep it or print the page if you want to see it again later.
scan-scale-of = scale { $scale }
scan-no-score = Too few questions answered for a score.
scan-report = Report
scan-reminders-sent = reminders: { $n } of 2
scan-min-group = groups smaller than { $k } are not shown
scan-remind = Send a reminder
scan-remind-hint = A reminder appears only for those who have not answered, on the Scans page. At most two, at least three days apart.
scan-close = Close the scan
scan-close-confirm = Yes, close this scan now. Nobody can answer afterwards and who answered is wiped; this cannot be undone.
scan-error-confirm = Tick that you really want to close the scan.
scan-remind-from = The next reminder can go from { $date }.
scan-csv = Download the totals as CSV
scan-whole-org = Whole organisation
scan-own-org = Without a unit or in small units
scan-own-unit = This unit's own people
scan-margin = The published mean lies within { $m } of the exact one with 90% certainty: that is how every answer stays protected.
scan-margin-wide = Too few answers for a mean precise enough to publish.
scan-bands-wide = There are too few answers to publish the distribution over the levels precisely enough.
scan-items-wide = Means per question are published only with more answers: now they would not be precise enough.
scan-count-few = fewer than { $k }
scan-count-about = { $n } or more
scan-report-after-close = The figures are published when the scan closes ({ $date }), once and with a small deliberate deviation. That way nobody can tell from two versions of the report what one person answered.
scan-hidden-small = Hidden: fewer than { $k } responses.
scan-hidden-protect = Hidden, so that a small group cannot be worked out.
scan-chart-title = Average per building block
scan-chart-caption = Average per building block on the answer scale; a line marks the benchmark when there is one.
scan-distribution = Distribution over the levels
scan-items = Average per question
scan-compare = Comparison between units
scan-compare-hint = Only groups with at least { $k } responses. A dash: too few answers for a mean precise enough to publish (every figure carries a small deliberate deviation).
scan-group = Group
scan-trend = Trend
scan-trend-caption = This instrument in your organisation's earlier scans
scan-trend-empty = No earlier scan with this instrument to compare with yet.
scan-trend-org-only = Trend and benchmark are shown for the whole organisation.
scan-run = Scan
scan-print-hint = Print this page for a meeting: the buttons and menus are left out.
scan-csv-group = Group
scan-csv-scope = Scope
scan-csv-scope-all = with everything below
scan-csv-scope-own = own people
scan-csv-block = Building block
scan-csv-responses = Responses
scan-csv-mean = Average
scan-band-low = low
scan-band-mid = middle
scan-band-high = high
scan-band-ok = in balance
scan-band-basic = basic
scan-band-plus = plus
scan-band-expert = expert
scan-error-instrument = Choose an instrument from the list.
scan-error-variant = Choose a version that belongs to this instrument.
scan-error-title = Give the scan a title.
scan-error-population = Choose who answers the scan.
scan-error-units = Choose at least one existing unit.
scan-error-population-small = This scan would ask fewer than { $k } people. Choose a larger group: otherwise answers could be traced to people.
scan-error-population-overlap = This group differs by only a few people from that of "{ $run }". Subtracting the two reports would then show what those few people answered. Choose the same group, or one that differs by at least { $k } people.
scan-error-budget = Some people in this group have already been asked for { $n } scans in { $year }, the most their privacy allows. Choose a smaller group or wait until next year.
scan-error-jobs = Choose at least one job title from the list.
scan-error-dates = Choose valid dates: the closing date after the opening date and not in the past, open for at most a year.
scan-error-answer = An answer does not fit this scan. Nothing was saved.
scan-error-missing = { $n } questions still without an answer.
scan-error-already = You have already answered this scan.
scan-error-not-open = This scan is not open now.
scan-error-reminders = Two reminders have already been sent.
scan-error-reminder-soon = The previous reminder was sent less than three days ago.

## mail
mail-greeting = Hello { $name },
mail-signature =
    Kind regards,
    Hartslag
mail-footer = You receive this message from Hartslag at { $org }. Choose which messages you get, and link your calendar, at { $link }
mail-invitation-subject = Invitation to the Prof circle { $circle }
mail-invitation-body = { $by } invites you to the Prof circle { $circle }. Have a look and say yes or no: { $link }
mail-reminder-subject = Reminder: { $circle }, { $when }
mail-reminder-body = Your Prof circle { $circle } meets for session { $position } on { $when }. The session is ready: { $link }
mail-reminder-body-place = Your Prof circle { $circle } meets for session { $position } on { $when }, in { $place }. The session is ready: { $link }
mail-digest-subject = Your week in Hartslag: { $week }
mail-digest-intro = This is what is ready for you this week.
mail-digest-sessions = Your sessions:
mail-digest-no-sessions = There are no sessions in your calendar this week.
mail-digest-scans = { $count ->
    [one] One questionnaire is waiting for your answers: { $link }
   *[other] { $count } questionnaires are waiting for your answers: { $link }
}
mail-digest-open = To My week: { $link }
mail-scan-invitation-subject = Questionnaire: { $title }
mail-scan-invitation-body = Your organisation asks for your view in the questionnaire "{ $title }", open until { $closes }. Your answers are anonymous: nobody can link them to you, and you see your own result at once. You can answer in parts: { $link }
mail-scan-reminder-subject = Open until { $closes }: { $title }
mail-scan-reminder-body = The questionnaire "{ $title }" is open until { $closes } and you have not sent your answers yet. What you saved is waiting: { $link }
mail-time-invalid = Enter a time as hh:mm, for example 08:00.
mail-weekday-invalid = Choose a day of the week.
mail-block-order = A focus block ends after it starts.
mail-blocks-too-many = There can be at most 50 focus blocks.

## calendar
calendar-name = Hartslag: my sessions
calendar-summary = { $circle }: session { $position }
calendar-description = Prof circle session in Hartslag, in working time.
connections-title = Calendar and e-mail
connections-saved = Saved.
connections-link = Calendar and e-mail
calendar-feed-title = Your sessions in your own calendar
calendar-feed-intro = Subscribe your calendar (Outlook, Google Calendar, Apple Calendar) to this address. Your sessions then appear by themselves, moved sessions move along and cancelled sessions disappear.
calendar-feed-address = Address of your calendar subscription
calendar-feed-subscribe = Subscribe in your calendar
calendar-feed-download = Download now (.ics)
calendar-feed-private = This address is personal: whoever has it sees your sessions. Do not share it. If you think someone else has it, make a new address; the old one stops working at once.
calendar-feed-rotate = Make a new address
calendar-cycle-download = Add to your calendar (.ics)
mail-settings-title = E-mail
mail-settings-intro = Hartslag only mails what you need: an invitation to a Prof circle, a reminder the day before a session and your organisation's questionnaires. Never outside working hours or in your organisation's focus blocks. You can switch off the Monday overview of your week.
mail-settings-digest = Send me an overview of my week on Mondays
mail-settings-off = This installation does not send e-mail (yet); your choice applies once it does.

mail-admin-title = E-mail and queue
mail-admin-link = E-mail, quiet hours and queue
mail-admin-on = This installation sends e-mail.
mail-admin-off = This installation has no SMTP server configured and sends no e-mail. See the administrators' guide (--smtp-url).
mail-admin-quiet = Quiet hours
mail-admin-quiet-hint = No e-mail goes out between these times; messages wait until they end. Two equal times mean: no quiet hours.
mail-admin-quiet-from = Quiet from
mail-admin-quiet-until = Quiet until
mail-admin-blocks = Focus blocks
mail-admin-blocks-hint = Fixed blocks in the week for focused work. No e-mail goes out then either.
mail-admin-blocks-none = No focus blocks yet.
mail-admin-day = Day
mail-admin-from = From
mail-admin-until = Until
mail-admin-remove = Remove
mail-admin-add-block = Add focus block
mail-admin-queue = Queue
jobs-waiting = Waiting
jobs-running = Running
jobs-done = Done (last 30 days)
jobs-failed = Given up
jobs-failed-list = Jobs given up
jobs-kind = Kind
jobs-when = Given up on
jobs-attempts = Attempts
jobs-error = Last error
jobs-retry = Try again
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

## import
import-title = Import people and units
import-link = Import from the HR system
import-intro = Read a CSV export from your HR system. People are updated by employee number; new people and units are created. You first see per row what would happen; only then do you apply it.
import-file = CSV file
import-preset = Kind of export
import-preset-hint = The column names these systems use in their standard export. If yours differs, name the columns yourself below.
import-mapping = Map columns yourself
import-mapping-hint = Fill in only what differs: the column name in your file. Employee number, e-mail and name (or last name) are required.
import-full = Full import: whoever is not in the file is deactivated
import-full-hint = Only people with an employee number; whoever was added by hand or through SCIM stays.
import-threshold = Deactivate at most this percentage
import-skip-invalid = Skip rows with errors and apply the rest
import-dry-run = Dry run
import-recent = Earlier imports
import-none = No imports yet.
import-applied-on = applied on
import-cli-hint = Also from the command line: hartslag admin import-people --org SLUG --file export.csv (add --apply to apply).
import-report-title = Import
import-dry-run-note = This is a dry run: nothing has changed yet.
import-full-note = Full import: whoever is not in the file is deactivated.
import-apply = Apply
import-applied = The import has been applied. The file was not kept.
import-already-applied = This import has already been applied.
import-expired = This file was not kept longer than a day. Upload it again.
import-rows = Per row
import-show-all = Show all rows
import-show-changes = Show only changes and errors
import-no-changes = No changes.
import-line = Record and line
import-number = Employee number
import-action = What happens
import-detail = Details
import-more = And { $count } more rows; the counts above cover everything.
import-back = Back to importing
import-action-create = New
import-action-update = Update
import-action-unchanged = Unchanged
import-action-deactivate = Deactivate
import-action-error = Error
import-count-rows = Rows
import-count-created = New
import-count-updated = Updated
import-count-unchanged = Unchanged
import-count-deactivated = Deactivated
import-count-errors = Errors
import-count-units-created = New units
import-count-units-updated = Renamed units
import-preset-unknown = Hartslag does not know this kind of export.
import-column-missing = The file has no column "{ $column }".
import-field-unmapped = No column found for { $field }. Choose the right kind of export or map the column yourself.
import-unreadable = This file cannot be read as CSV.
import-row-unreadable = This line cannot be read.
import-number-missing = No employee number.
import-email-invalid = Not a valid e-mail address: "{ $email }".
import-number-twice = This employee number appears earlier in the file.
import-email-twice = The e-mail address { $email } appears earlier in the file.
import-email-taken = The e-mail address { $email } belongs to someone else.
import-refused-errors = { $count ->
    [one] There is 1 row with an error. Correct the file, or choose to skip rows with errors.
   *[other] There are { $count } rows with an error. Correct the file, or choose to skip rows with errors.
}
import-refused-threshold = This import would deactivate { $count } of { $total } people, more than { $percent }%. Is the file right? If it really is intended, raise the limit.
import-threshold-invalid = Enter a percentage from 0 to 100.
import-file-missing = Choose a file.
import-too-large = The file is too large (at most 64 MB).
import-position = Record { $record }, line { $line }
import-count-notices = Notices
import-notice = Note
import-row-field-count = This row has { $found } fields, the header { $expected }. Is there a { $delimiter } in a value without quotes around it? The row was not read: otherwise values would end up in the wrong column.
import-field-control = The column "{ $column }" contains an invisible control character ({ $char }) that Hartslag does not store. Remove it in the HR system or in the file.
import-number-too-long = The employee number can be at most { $max } characters long.
import-unit-unknown = Unit code { $code } is unknown and the file gives no unit name for it: a new unit is created with the code as its name.
import-parent-unknown = Parent unit code { $code } is unknown (not in this file and not in Hartslag): this row gives the unit no parent unit.
import-manager-unknown = Manager employee number { $number } is unknown (not in this file and not active in Hartslag): this row names no manager.
import-end-date-unreadable = End date "{ $date }" is not a date Hartslag can read (for example 2026-12-31 or 31-12-2026): the date was ignored.
import-cli-summary = { $rows } rows: { $created } new, { $updated } updated, { $unchanged } unchanged, { $deactivated } deactivated, { $errors } with an error, { $notices } with a notice; units: { $units_created } new, { $units_updated } renamed ({ $ms } ms)
import-cli-applied = Applied.
import-cli-dry-run = Dry run: nothing changed (add --apply to apply).
import-cli-refused = Nothing applied: { $why }
import-cli-no-org = There is no organisation { $org }.
import-cli-map-syntax = --map takes FIELD=Header, not { $map }
import-cli-field-unknown = Unknown field { $field } (known: { $known })
## sso
sso-login-choices = Log in through your organisation
sso-login-with = Log in with { $label }
sso-or-password = Or log in with your email address and password.
sso-refused-title = Logging in did not work
sso-back-to-login = Back to logging in
sso-state-invalid = This login attempt has expired, was used already, or was not started in this browser. Start again from the login page.
sso-provider-refused = The identity provider did not let this login through (error code: { $error }).
sso-not-enabled = Logging in through the identity provider is not switched on for this organisation.
sso-provider-unavailable = Your organisation's identity provider cannot be reached now or is not set up correctly. Try again later or ask your administrator.
sso-exchange-failed = The identity provider did not confirm this login. Start again; if it keeps happening, ask your administrator to check the settings.
sso-token-invalid = The identity provider's proof does not check out (signature, issuer, audience, nonce or validity). Nobody was logged in.
sso-refused-unknown = You are signed in at your organisation, but Hartslag has no account for you. Ask your administrator to add you.
sso-refused-inactive = Your Hartslag account has been deactivated. Ask your administrator if you think this is wrong.
sso-refused-subject = In Hartslag this email address belongs to another account of the identity provider. Ask your administrator to look into it.
sso-refused-no-email = The identity provider sent no email address, which is needed to recognise you. Ask your administrator to release the email claim.
sso-refused-unverified = The identity provider says your email address is not verified. Verify it there and try again.
sso-refused-elsewhere = This email address is already in use in Hartslag by another organisation. Ask your administrator.
sso-no-public-url = Hartslag does not know its own address. Start the server with HARTSLAG_PUBLIC_URL (for example https://hartslag.example.org): the identity provider sends people back there.
sso-issuer-invalid = Enter the issuer as an https address without a question mark or hash (http only on this machine).
sso-client-id-invalid = The client ID can have at most 300 characters.
sso-match-invalid = Choose how Hartslag recognises people: email address or subject.
sso-scopes-invalid = Scopes are words separated by spaces, at most 300 characters together.
sso-group-invalid = A group or claim name can have at most 300 characters (claim name 100), without line breaks.
sso-groups-claim-needed = Also enter the claim that holds the groups, or Hartslag cannot read them.
sso-label-invalid = The button text can have at most 60 characters.
sso-secret-too-long = The client secret can have at most 500 characters.
sso-enable-needs-client = Enter the issuer and client ID before switching on login through the identity provider.
sso-discovery-unreachable = The issuer cannot be reached at this address.
sso-discovery-status = The issuer answers, but not with a discovery document.
sso-discovery-parse = The issuer's discovery document cannot be read.
sso-discovery-invalid = The discovery document does not match this address; mind a trailing slash or a different tenant ID.
sso-admin-title = Login through identity provider (SSO)
sso-admin-intro = People of your organisation log in at your own identity provider (OpenID Connect), for example Microsoft Entra ID or SURFconext. Hartslag recognises them by email address or subject; accounts normally come from SCIM or the CSV import.
sso-admin-on = Login through the identity provider is switched on.
sso-admin-off = Login through the identity provider is switched off.
sso-check-title = Discovery tested
sso-check-ok = The issuer publishes a valid discovery document.
sso-check-no-logout = not published: logging out ends the Hartslag session only
sso-check-keys = Signing keys
sso-check-not-saved = This is a test; the settings have not been saved yet.
sso-register-title = Register Hartslag at your identity provider
sso-register-intro = Enter these addresses when you register Hartslag as an application.
sso-redirect-uri = Redirect URI
sso-logout-uri = Address after logout (post-logout redirect URI)
sso-issuer = Issuer
sso-issuer-hint = Exactly as the identity provider publishes it; Hartslag fetches the discovery document from this address followed by /.well-known/openid-configuration.
sso-client-id = Client ID
sso-client-secret = Client secret
sso-secret-kept = stored — leave empty to keep
sso-secret-clear = Remove the client secret
sso-secret-hint = The secret is stored encrypted and never shown again.
sso-scopes = Scopes (besides openid)
sso-scopes-hint = Separated by spaces, usually: email profile.
sso-match = How does Hartslag recognise someone?
sso-match-email = By email address (claim email); the subject is recorded the first time
sso-match-sub = By subject (claim sub), as delivered through SCIM or the CSV import
sso-groups-claim = Claim that holds the groups
sso-groups-hint = Leave empty: roles are not taken from the identity provider. An empty group below leaves that role as it is.
sso-admin-group = Group for administrators
sso-adviser-group = Group for L&D advisers
sso-create-people = Create an account at the first login
sso-create-people-hint = Off by default. Without it only people who already have a Hartslag account can log in.
sso-label = Text on the button
sso-label-hint = The login page says: Log in with … Leave empty: the organisation's name.
sso-enabled = Switch on login through the identity provider
sso-test-discovery = Test discovery
sso-logged-out-title = You are logged out
sso-logged-out-continue = You are logged out of Hartslag. You now go on to { $label } to log out there too.
sso-logged-out-button = Continue to { $label }
## scim
scim-title = SCIM provisioning
scim-admin-link = SCIM provisioning from the identity system
scim-intro = With SCIM, the organisation's identity system (such as Microsoft Entra ID or Okta) keeps people and units in Hartslag up to date: it creates accounts, changes them and deactivates them. The system signs in with a token; create one here and enter it there, with the address below.
scim-endpoint = Address of the SCIM service:
scim-tokens = Tokens
scim-no-tokens = There is no token yet.
scim-created = Created
scim-last-used = Last used
scim-status = Status
scim-never-used = not yet
scim-revoked = revoked
scim-revoke = Revoke
scim-new-token = New token
scim-name-hint = A name by which you will recognise the token later, for instance the system that uses it.
scim-create = Create token
scim-token-created = The new token:
scim-token-once = Copy it now: it is shown only once. Hartslag keeps only a fingerprint of it.
scim-token-name-required = Give the token a name, so you recognise it later.

## Learning records (xAPI)
xapi-admin-link = Learning records (xAPI)
xapi-admin-title = Learning records to your LRS (xAPI)
xapi-admin-intro = Hartslag can send two facts to your organisation's Learning Record Store (LRS) as xAPI statements: that someone attended a session of a Prof-cirkel, and that someone contributed to a validated improvement proposal. Only for people who gave their own consent, and only what happened after it. Session content, notes, reflections, votes and learning paths never leave.
xapi-admin-on = The export to the LRS is on.
xapi-admin-off = The export to the LRS is off. Nothing is sent and nobody is asked for consent.
xapi-admin-no-public-url = This installation has no public address (--public-url). Statements refer to Hartslag addresses; without a public address the export cannot be switched on.
xapi-admin-figures = Where things stand
xapi-admin-consenting = People who gave consent
xapi-admin-sent = Statements sent
xapi-admin-waiting = Statements in the queue
xapi-admin-figures-hint = Counts only: nobody in Hartslag can see who gave consent. Statements the LRS refused are listed under E-mail and queue, with a button to try again.
xapi-endpoint = LRS address (xAPI base address)
xapi-endpoint-hint = The address /statements and /about live under, for example https://lrs.example.org/data/xAPI. Only https (http only to this machine itself).
xapi-username = Username (key)
xapi-password = Password (secret)
xapi-password-hint = Stored encrypted and never shown again. The LRS receives it with every request by HTTP Basic authentication.
xapi-password-clear = Clear the stored password
xapi-enabled = Send statements to the LRS (only for people who give consent)
xapi-enabled-hint = Switching off, or choosing another address, discards statements that were not sent yet.
xapi-test = Test the connection
xapi-updated = Last changed:
xapi-check-title = Connection test
xapi-check-reached = The LRS answers. Supported xAPI versions:
xapi-check-credentials-ok = The username and password are accepted.
xapi-check-credentials-wrong = The LRS refuses the username or password.
xapi-check-unreachable = The LRS cannot be reached or does not answer like an xAPI LRS.
xapi-endpoint-invalid = That is not a usable LRS address. Use a full https address without ? or #, for example https://lrs.example.org/data/xAPI.
xapi-endpoint-https = The LRS address must start with https://: the password travels with every request.
xapi-endpoint-missing = Fill in the LRS address first.
xapi-credentials-invalid = The username may not contain a colon or be longer than 300 characters; the password may not be longer than 500 characters.
xapi-needs-public-url = The export can only be switched on when Hartslag has a public address (start it with --public-url).
xapi-not-enabled = Your organisation does not collect learning records; there is nothing to consent to.
xapi-consent-title = Learning records
xapi-consent-intro = Your organisation collects learning records in a system of its own (an LRS). If you want, Hartslag sends two things there, with your name and e-mail address:
xapi-consent-attended = that you attended a session of a Prof-cirkel: when, which circle and how long;
xapi-consent-contributed = that you contributed to an improvement proposal your circle validated and put forward: the proposal's title.
xapi-consent-never = Never what was said in a session, your notes, reflections, votes or your learning path. Only what happens after you say yes.
xapi-consent-withdraw = You can withdraw your consent at any time; whatever was not sent yet then stays here. What was already sent is in your organisation's LRS.
xapi-consent-receiver = Receiver:
xapi-consent-check = Yes, send my learning records to my organisation's LRS
xapi-consent-on = You gave consent on
xapi-consent-sent = Sent:
xapi-consent-waiting = still to send:

## Audit log
audit-title = Audit log
audit-intro = Who did what in sensitive actions: roles, erasure of personal data, exports, decisions on proposals and connections to other systems. This log cannot be changed or erased. It never holds the content of circles.
audit-empty = Nothing recorded yet.
audit-when = When
audit-who = Who
audit-what = What
audit-about = About
audit-detail = Details
audit-role-change = Role or account changed
audit-person-erased = Personal data erased
audit-personal-data-export = Own data downloaded
audit-cockpit-export = Cockpit figures exported (CSV)
audit-proposal-decided = Decision on a proposal
audit-ai-backend = AI settings changed
audit-sso-settings = SSO settings changed
audit-scim-token = SCIM token created or revoked
audit-xapi-settings = xAPI settings changed
audit-import-applied = HR import applied
audit-retention = Retention periods changed
audit-impact-solution = Learning solution changed in the impact register
audit-impact-export = Impact parameters exported (CSV or API)
audit-impact-value = Value of an impact parameter entered

## Impact measurement (route C)
nav-impact = Impact
impact-title = Impact of learning solutions
impact-intro = The register of learning solutions: the Prof-cirkel way of working itself, trainings, programmes and mentoring schemes. Each solution gets a route of measurement and is measured in route C with the standard parameters; a value past its minimum standard is a red flag. Figures are always about groups, never about one person.
impact-new = New learning solution
impact-edit = Change learning solution
impact-empty = The register has no learning solutions yet. Start with the Prof-cirkel way of working itself: Hartslag measures it from its own data.
impact-register = Register of learning solutions
impact-name = Name
impact-kind = Kind
impact-kind-circles = Prof-cirkel way of working
impact-kind-training = Training
impact-kind-programme = Programme
impact-kind-mentoring = Mentoring scheme
impact-kind-other = Other
impact-description = Description
impact-owner = Owner (L&D)
impact-owner-none = No owner yet
impact-route = Route of measurement
impact-route-A = A: full ROI study
impact-route-B = B: deeper analysis
impact-route-C = C: standard parameters
impact-route-follow = Follow the triage (now route { $route })
impact-route-suggested = the triage suggests route { $route }
impact-route-reason = Why another route
impact-route-reason-hint = Needed when you choose another route than the triage suggests.
impact-retired-tag = retired
impact-retire = Retire
impact-triage-title = Triage
impact-triage-rule = Route C is the default. The triage suggests route A when strategic weight and risk are both high, or when a large solution has a high weight or high risk; route B when weight or risk is high otherwise. Size alone never makes another route. L&D can choose another route, with a reason.
impact-size = Size
impact-weight = Strategic weight
impact-risk = Risk
impact-level-low = low
impact-level-medium = medium
impact-level-high = high
impact-parameters = Route C parameters
impact-parameters-intro = Hartslag computes its own parameters from the cockpit's published figures: a month is published once it is over and does not change after that, and a group of fewer than { $k } participants shows no figure. Survey parameters come later; L&D enters the others.
impact-unit = Unit
impact-period = Period
impact-show = Show
impact-flags = Red flags (organisation, last month)
impact-no-flags = No red flags.
impact-flags-count = { $n ->
    [one] One red flag
   *[other] { $n } red flags
}
impact-csv = Download as CSV
impact-chart = Value against the minimum standard
impact-chart-desc = A bar per parameter with a value: the line is the minimum standard, right of it is better. The table below gives every value.
impact-meets = meets it
impact-flag = Red flag
impact-table-caption = Parameters for { $unit }
impact-parameter = Parameter
impact-value = Value
impact-standard = Minimum standard
impact-population = Number of people
impact-source = Source
impact-iso = Type (ISO/TS 30437)
impact-level = Level
impact-level-n = level { $n }
impact-note = Note
impact-csv-code = Code
impact-source-hartslag = Hartslag (cockpit)
impact-source-survey = Survey
impact-source-entered = Entered by L&D
impact-iso-efficiency = efficiency
impact-iso-effectiveness = effectiveness
impact-iso-outcome = outcome
impact-days = { $n } days
impact-flag-below = { $value } is below the minimum standard { $standard } (period { $period }, { $n } people, source: { $source }).
impact-flag-above = { $value } is above the minimum standard { $standard } (period { $period }, { $n } people, source: { $source }).
impact-no-data = No data in this period.
impact-no-value = No value entered yet.
impact-not-measured-survey = Not measured yet: the short surveys come later.
impact-not-measured-kind = Hartslag measures this only for the Prof-cirkel way of working.
impact-enter = Enter a value
impact-enter-intro = For the parameters Hartslag does not compute itself. A value is about a group of at least { $k } people, and has a period and a source.
impact-period-from = From
impact-period-to = To (inclusive)
impact-entered-source = Source of the value
impact-entered = Entered values
impact-entered-empty = No values entered yet.
impact-name-required = Fill in a name.
impact-kind-invalid = Choose a kind of learning solution.
impact-description-too-long = The description is too long (at most { $max } characters).
impact-reason-too-long = The reason is too long (at most { $max } characters).
impact-owner-unknown = The owner must be an L&D adviser of the organisation.
impact-triage-invalid = Choose low, medium or high.
impact-route-invalid = Choose route A, B or C, or follow the triage.
impact-route-reason-required = Give a reason when you choose another route than the triage suggests.
impact-retired = This learning solution is retired and no longer changes.
impact-changed-meanwhile = Someone else changed this learning solution in the meantime. Open it again and make your change on top.
impact-value-parameter = Choose a parameter that L&D enters.
impact-value-number = Fill in the value as a number, for example 72.5.
impact-value-negative = Costs cannot be negative.
impact-value-scale = The value is outside this parameter's scale ({ $min } to { $max }).
impact-value-period-required = Fill in the period: a start and an end date.
impact-value-period-date = Fill in a date as yyyy-mm-dd.
impact-value-period-order = The period ends before it starts.
impact-value-period-future = The period lies (partly) in the future: enter a value once the period is over.
impact-value-population-number = Fill in the number of people as a whole number.
impact-value-population-small = A value is about at least { $k } people: nothing is recorded about a smaller group.
impact-value-source-required = Fill in where the value comes from.
