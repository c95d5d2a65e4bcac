//! The didactic framework (the ~10 guiding questions) and the session frames, versioned per
//! organisation. A version is an immutable snapshot stored as JSON; editing makes a new one,
//! and a week cycle keeps the version it was planned with.

mod routes;
pub mod store;

pub use routes::routes;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Question {
    pub no: i64,
    pub phase: String,
    pub nl: String,
    pub en: String,
}

/// What kind of work a step of a session frame asks for.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Choose,
    Analyse,
    Problem,
    Explore,
    Brainstorm,
    /// The AI drafts an improvement proposal (AI capability pending: the group writes it).
    Ai,
    Evaluate,
    Validate,
    /// Personal: answers are private reflections, never shared notes.
    Learn,
    Embed,
}

impl StepKind {
    pub const ALL: [StepKind; 10] = [
        StepKind::Choose,
        StepKind::Analyse,
        StepKind::Problem,
        StepKind::Explore,
        StepKind::Brainstorm,
        StepKind::Ai,
        StepKind::Evaluate,
        StepKind::Validate,
        StepKind::Learn,
        StepKind::Embed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StepKind::Choose => "choose",
            StepKind::Analyse => "analyse",
            StepKind::Problem => "problem",
            StepKind::Explore => "explore",
            StepKind::Brainstorm => "brainstorm",
            StepKind::Ai => "ai",
            StepKind::Evaluate => "evaluate",
            StepKind::Validate => "validate",
            StepKind::Learn => "learn",
            StepKind::Embed => "embed",
        }
    }

    pub fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    /// The Fluent key of the step's name.
    pub fn label_key(self) -> String {
        format!("step-{}", self.code())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub questions: Vec<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Frame {
    pub title_nl: String,
    pub title_en: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FrameworkContent {
    pub questions: Vec<Question>,
    pub frames: Vec<Frame>,
}

impl FrameworkContent {
    pub fn question(&self, no: i64) -> Option<&Question> {
        self.questions.iter().find(|q| q.no == no)
    }

    /// The frame for the n-th session of a week (1-based); later sessions reuse the last frame.
    pub fn frame_for(&self, position: i64) -> Option<&Frame> {
        let i = (position.max(1) as usize - 1).min(self.frames.len().saturating_sub(1));
        self.frames.get(i)
    }

    /// Checks a version before it is saved: questions numbered uniquely with text in Dutch,
    /// at least one frame, every step pointing at existing questions.
    pub fn validate(&self) -> crate::error::Result<()> {
        use crate::error::{Error, Msg};
        if self.questions.is_empty() || self.questions.len() > 30 {
            return Err(Error::invalid("framework-questions-count"));
        }
        let mut seen = std::collections::HashSet::new();
        for q in &self.questions {
            if !seen.insert(q.no) || q.no < 1 {
                return Err(Error::invalid("framework-question-number"));
            }
            if q.nl.trim().is_empty() || q.nl.len() > 500 || q.en.len() > 500 || q.phase.len() > 60 {
                return Err(Error::Invalid(Msg::new("framework-question-text").arg("no", q.no)));
            }
        }
        if self.frames.is_empty() || self.frames.len() > 7 {
            return Err(Error::invalid("framework-frames-count"));
        }
        for f in &self.frames {
            if f.title_nl.trim().is_empty() || f.steps.is_empty() || f.title_nl.len() > 120 || f.title_en.len() > 120 {
                return Err(Error::invalid("framework-frame-invalid"));
            }
            for s in &f.steps {
                if let Some(missing) = s.questions.iter().find(|n| self.question(**n).is_none()) {
                    return Err(Error::Invalid(Msg::new("framework-step-unknown-question").arg("no", missing)));
                }
            }
        }
        Ok(())
    }

    /// The default set from `concept/didactic-framework.md`.
    pub fn default_set() -> FrameworkContent {
        let q =
            |no, phase: &str, nl: &str, en: &str| Question { no, phase: phase.into(), nl: nl.into(), en: en.into() };
        let s = |kind, questions: &[i64]| Step { kind, questions: questions.to_vec() };
        FrameworkContent {
            questions: vec![
                q(
                    1,
                    "kiezen",
                    "Welke werksituatie willen we verbeteren of vernieuwen, en waarom juist nu?",
                    "Which work situation do we want to improve or renew, and why now?",
                ),
                q(
                    2,
                    "analyseren",
                    "Wat gebeurt er precies: wie zijn erbij betrokken, wat is het verloop, wat zijn de feiten?",
                    "What exactly happens: who is involved, how does it unfold, what are the facts?",
                ),
                q(
                    3,
                    "analyseren",
                    "Wat maakt deze situatie kritiek — voor de klant, de collega, het resultaat of onszelf?",
                    "What makes this situation critical — for the client, the colleague, the result or ourselves?",
                ),
                q(
                    4,
                    "probleemstelling",
                    "Wat is het eigenlijke probleem of de kans, in één zin?",
                    "What is the real problem or opportunity, in one sentence?",
                ),
                q(
                    5,
                    "verkennen",
                    "Wat weten we al — in de groep, in de organisatie, elders — en wat nog niet?",
                    "What do we already know — in the group, the organisation, elsewhere — and what not yet?",
                ),
                q(
                    6,
                    "brainstormen",
                    "Welke oplossingen zijn denkbaar, ook de onverwachte?",
                    "Which solutions are conceivable, including unexpected ones?",
                ),
                q(
                    7,
                    "toetsen",
                    "Wat stelt de AI voor, en wat klopt daar niet aan, wat mist er, wat nemen we over?",
                    "What does the AI propose, and what is wrong with it, what is missing, what do we keep?",
                ),
                q(
                    8,
                    "valideren",
                    "Welk voorstel staan we samen achter, wat levert het op en wie moet erover beslissen?",
                    "Which proposal do we stand behind together, what will it deliver, and who must decide on it?",
                ),
                q(
                    9,
                    "leren",
                    "Wat heb ik hiervan geleerd, en welke kennis of vaardigheid wil ik verder ontwikkelen?",
                    "What did I learn from this, and which knowledge or skill do I want to develop further?",
                ),
                q(
                    10,
                    "borgen",
                    "Hoe weten we straks of het werkt, en wie betrekken we bij de uitvoering?",
                    "How will we know that it works, and whom do we involve in carrying it out?",
                ),
            ],
            frames: vec![
                Frame {
                    title_nl: "Kiezen en analyseren".into(),
                    title_en: "Choose and analyse".into(),
                    steps: vec![s(StepKind::Choose, &[1]), s(StepKind::Analyse, &[2, 3])],
                },
                Frame {
                    title_nl: "Probleem en verkenning".into(),
                    title_en: "Problem and exploration".into(),
                    steps: vec![s(StepKind::Problem, &[4]), s(StepKind::Explore, &[5])],
                },
                Frame {
                    title_nl: "Brainstorm en AI-voorstel".into(),
                    title_en: "Brainstorm and AI proposal".into(),
                    steps: vec![s(StepKind::Brainstorm, &[6]), s(StepKind::Ai, &[7]), s(StepKind::Evaluate, &[7])],
                },
                Frame {
                    title_nl: "Valideren en leren".into(),
                    title_en: "Validate and learn".into(),
                    steps: vec![s(StepKind::Validate, &[8]), s(StepKind::Learn, &[9]), s(StepKind::Embed, &[10])],
                },
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_framework_has_ten_questions_and_four_valid_frames() {
        let f = FrameworkContent::default_set();
        assert_eq!(f.questions.len(), 10);
        assert_eq!(f.frames.len(), 4);
        f.validate().unwrap();
        assert_eq!(f.frame_for(9).unwrap().title_nl, "Valideren en leren");
    }

    #[test]
    fn a_step_pointing_at_a_missing_question_is_rejected() {
        let mut f = FrameworkContent::default_set();
        f.frames[0].steps[0].questions.push(42);
        assert!(f.validate().is_err());
    }
}
