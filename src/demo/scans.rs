//! Scans in the demo: the Leercultuurscan as a baseline a year ago, again half a year ago and
//! open now; a monthly pulse (weten–willen–kunnen–durven–mogen); AI literacy for the job groups
//! that work with AI applications.
//!
//! Answers come from a small model: per block a starting level and a rise over time, each
//! location's and team's own character (room and safety low in Locatie Beukenrode, learning
//! together strong in Lindehof, the district teams outward-looking but short of time), and a
//! lift for people in a circle once the circles have started. So the L&D report tells a story.
//!
//! They are stored the way `scans::store::submit` stores them: a random id, the smallest unit
//! of at least [`MIN_GROUP`] people in the run's population from the person's own upwards, the
//! answers and the hash of a random receipt; nothing about the person, in shuffled order.
//! Closed runs carry their summary and no markers of who answered; the open run has those
//! markers, keyed with the server's secret, and none of the demo logins has answered it yet.

use std::collections::HashSet;

use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};

use super::{Gen, Kind, Size};
use crate::db::Tx;
use crate::db::bulk::row;
use crate::scans::anon;
use crate::scans::instrument::{self, Instrument, Layout};

/// The smallest group an answer is attributed to, and a report shows.
const MIN_GROUP: i64 = crate::cockpit::disclosure::FLOOR;

/// The job groups that use AI applications in their daily work: district nurses (reporting by
/// speech in the ECD), planners (roster suggestions) and the ECD's application managers.
const AI_JOBS: &[&str] = &["Applicatiebeheerder ECD", "Planner", "Wijkverpleegkundige"];

/// How an instrument is answered: per block the mean (as scored) at the first measurement and
/// the rise by the latest; items that sit above or below their block.
struct Profile {
    blocks: &'static [(&'static str, f64, f64)],
    items: &'static [(&'static str, f64)],
}

fn profile(instrument: &str) -> Profile {
    match instrument {
        "leercultuurscan" => Profile {
            blocks: &[
                ("content", 3.5, 0.15),
                ("safety", 2.9, 0.35),
                ("together", 3.0, 0.6),
                ("leadership", 3.0, 0.35),
                ("organisation", 2.6, 0.45),
                ("outside", 2.8, 0.2),
            ],
            items: &[
                ("c1", 0.3),
                ("c4", -0.2),
                ("s4", -0.2),
                ("t2", 0.3),
                ("t7", 0.5),
                ("l4", -0.2),
                ("o2", -0.3),
                ("o7", -0.4),
                ("b3", -0.3),
            ],
        },
        "pulse" => Profile {
            blocks: &[("pulse", 3.1, 0.4)],
            items: &[("weten", 0.3), ("willen", 0.6), ("kunnen", -0.5), ("durven", -0.2), ("mogen", -0.1)],
        },
        "ai-literacy" => Profile {
            blocks: &[("understand", 2.9, 0.0), ("apply", 2.6, 0.0), ("critical", 3.4, 0.0)],
            items: &[("au2", 0.6), ("au4", -0.4), ("ap4", -0.5), ("ac1", 0.4), ("ac4", -0.3)],
        },
        _ => Profile { blocks: &[], items: &[] },
    }
}

/// Where a person works, for the character of their answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Lindehof,
    Beukenrode,
    /// Every Wijkzorg location (Wijkzorg Oost in De Linde).
    Wijk,
    /// Another location of the xxl group: its own, random character.
    Other(usize),
    Support,
    Top,
}

/// Differences from the organisation's level, by block or item id.
fn place_effects(place: Place) -> &'static [(&'static str, f64)] {
    match place {
        Place::Beukenrode => {
            &[("safety", -0.9), ("leadership", -0.4), ("together", -0.2), ("durven", -0.8), ("mogen", -0.3)]
        }
        Place::Lindehof => &[("together", 0.3), ("leadership", 0.25), ("willen", 0.2)],
        Place::Wijk => &[
            ("content", 0.3),
            ("outside", 0.5),
            ("organisation", -0.35),
            ("kunnen", -0.5),
            ("apply", 0.2),
            ("critical", 0.2),
        ],
        Place::Support => &[
            ("content", -0.3),
            ("together", -0.2),
            ("outside", -0.3),
            ("mogen", 0.2),
            ("understand", 0.5),
            ("apply", 0.4),
        ],
        Place::Top => &[("leadership", 0.3), ("organisation", 0.3)],
        Place::Other(_) => &[],
    }
}

fn kind_effects(kind: Kind) -> &'static [(&'static str, f64)] {
    match kind {
        Kind::Night => &[("organisation", -0.3), ("together", -0.2), ("kunnen", -0.3)],
        _ => &[],
    }
}

/// What being in a circle does, once the circles have started.
const CIRCLE_LIFT: &[(&str, f64)] =
    &[("together", 0.35), ("safety", 0.2), ("organisation", 0.2), ("leadership", 0.1), ("pulse", 0.25)];

fn effect(table: &[(&str, f64)], block: &str, item: &str) -> f64 {
    table.iter().filter(|(k, _)| *k == block || *k == item).map(|(_, v)| v).sum()
}

/// About normally distributed with this standard deviation: three uniforms on −1..1 add up to
/// a variance of one. One draw of 64 bits gives the three (the xxl demo draws millions).
fn normal(rng: &mut StdRng, sigma: f64) -> f64 {
    let x = rng.next_u64();
    let u = |shift: u32| ((x >> shift) & 0x1f_ffff) as f64 / f64::from(1u32 << 20) - 1.0;
    sigma * (u(0) + u(21) + u(42))
}

/// A small, fixed offset per item, so that items of a block differ the same way every time.
fn item_offset(p: &Profile, id: &str) -> f64 {
    if let Some((_, v)) = p.items.iter().find(|(i, _)| *i == id) {
        return *v;
    }
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    (h % 41) as f64 / 100.0 - 0.2
}

struct RunSpec {
    instrument: &'static str,
    variant: &'static str,
    title: String,
    /// Empty: the whole organisation.
    jobs: &'static [&'static str],
    opens: NaiveDate,
    closes: NaiveDate,
    open: bool,
    rate: f64,
    reminders: i64,
    /// How far along the rise of the profile (0 the first measurement, 1 the latest).
    progress: f64,
}

fn month(d: NaiveDate) -> String {
    crate::cycles::format_month(d, crate::web::Lang::Nl)
}

impl Gen {
    /// Writes the demo's scan runs and their answers (see the module's documentation).
    pub(super) async fn scans(&mut self, tx: &mut Tx, secret: &[u8; 32]) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let mut rng = StdRng::seed_from_u64(match self.size {
            Size::Small => 0x5ca1_de11,
            Size::Xxl => 0x5ca1_0777,
        });
        let today = self.now_local.date();
        let lcs = "Leercultuurscan";
        let pulse = "Pols weten–willen–kunnen–durven–mogen";
        let mut specs = Vec::new();
        for (weeks_ago, label, progress) in [(53, "nulmeting ", 0.0), (27, "tussenmeting ", 0.3)] {
            let opens = self.monday(-weeks_ago);
            specs.push(RunSpec {
                instrument: "leercultuurscan",
                variant: "",
                title: format!("{lcs} — {label}{}", month(opens)),
                jobs: &[],
                opens,
                closes: opens + Duration::days(20),
                open: false,
                rate: 0.61,
                reminders: 2,
                progress,
            });
        }
        // The pulse opens on the first Monday of the month, for a week: the last four that closed.
        let mut mondays = Vec::new();
        let mut first = today.with_day(1).expect("the first of a month");
        while mondays.len() < 4 {
            let monday = first + Duration::days(i64::from((7 - first.weekday().num_days_from_monday()) % 7));
            if monday + Duration::days(6) < today {
                mondays.push(monday);
            }
            first = first.checked_sub_months(Months::new(1)).expect("a month earlier");
        }
        mondays.reverse();
        for (k, opens) in mondays.into_iter().enumerate() {
            specs.push(RunSpec {
                instrument: "pulse",
                variant: "",
                title: format!("{pulse} — {}", month(opens)),
                jobs: &[],
                opens,
                closes: opens + Duration::days(6),
                open: false,
                rate: 0.5,
                reminders: 0,
                progress: k as f64 / 3.0,
            });
        }
        let opens = self.monday(-10);
        specs.push(RunSpec {
            instrument: "ai-literacy",
            variant: "users",
            title: "AI-geletterdheid — wijkverpleging, planning en ECD-beheer".into(),
            jobs: AI_JOBS,
            opens,
            closes: opens + Duration::days(13),
            open: false,
            rate: 0.5,
            reminders: 1,
            progress: 0.0,
        });
        let opens = today - Duration::days(10);
        specs.push(RunSpec {
            instrument: "leercultuurscan",
            variant: "",
            title: format!("{lcs} — {}", month(opens)),
            jobs: &[],
            opens,
            closes: today + Duration::days(11),
            open: true,
            rate: 0.5,
            reminders: 1,
            progress: 1.0,
        });

        let places = self.places();
        let logins = self.login_people();
        let creator = self.adviser().map(|p| self.people[p].id);
        // Each team's own character, the same in every run of an instrument.
        let mut character: Vec<(&'static str, Vec<Vec<f64>>)> = Vec::new();
        let mut responses = 0;
        let mut writing = 0.0;
        for spec in &specs {
            let inst = instrument::find(spec.instrument)
                .ok_or_else(|| anyhow::anyhow!("instrument {} is not shipped", spec.instrument))?;
            if !character.iter().any(|(i, _)| *i == spec.instrument) {
                let c = self.character(&mut rng, inst, &places);
                character.push((spec.instrument, c));
            }
            let team = &character.iter().find(|(i, _)| *i == spec.instrument).expect("just made").1;
            responses += self.scan_run(&mut rng, spec, inst, team, &places, &logins, creator, secret);
            let w = std::time::Instant::now();
            self.bulk.maybe_flush(tx).await?;
            writing += w.elapsed().as_secs_f64();
        }
        let w = std::time::Instant::now();
        self.bulk.flush(tx).await?;
        writing += w.elapsed().as_secs_f64();
        eprintln!(
            "demo: {} scan runs with {responses} responses ({:.1} s, {writing:.1} s of it writing)",
            specs.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// Per unit, per block: the team's own small difference, and for the xxl group's other
    /// locations the location's.
    fn character(&self, rng: &mut StdRng, inst: &Instrument, places: &[Place]) -> Vec<Vec<f64>> {
        let blocks = inst.blocks.len();
        let location: Vec<Vec<f64>> =
            (0..self.units.len()).map(|_| (0..blocks).map(|_| normal(rng, 0.25)).collect()).collect();
        (0..self.units.len())
            .map(|u| {
                (0..blocks)
                    .map(|b| {
                        let own = normal(rng, 0.15);
                        match places[u] {
                            Place::Other(l) => own + location[l][b],
                            _ => own,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Per unit: where it is.
    fn places(&self) -> Vec<Place> {
        (0..self.units.len())
            .map(|u| {
                let mut at = Some(u);
                while let Some(x) = at {
                    let unit = &self.units[x];
                    match unit.kind {
                        Kind::Location if unit.name == "Locatie Lindehof" => return Place::Lindehof,
                        Kind::Location if unit.name == "Locatie Beukenrode" => return Place::Beukenrode,
                        Kind::Location if unit.name.starts_with("Wijkzorg") => return Place::Wijk,
                        Kind::Location => return Place::Other(x),
                        Kind::Support => return Place::Support,
                        _ => at = unit.parent,
                    }
                }
                Place::Top
            })
            .collect()
    }

    /// The people the demo prints a login for.
    fn login_people(&self) -> HashSet<usize> {
        let emails: HashSet<String> = super::story::PERSONAS
            .iter()
            .filter(|p| p.role.is_some())
            .map(|p| super::story::persona_email(p, self.domain))
            .collect();
        (0..self.people.len()).filter(|&p| emails.contains(&self.people[p].email)).collect()
    }

    fn adviser(&self) -> Option<usize> {
        let p = super::story::PERSONAS.iter().find(|p| p.role == Some("L&O-adviseur"))?;
        let email = super::story::persona_email(p, self.domain);
        self.people.iter().position(|q| q.email == email)
    }

    /// Per unit, the unit an answer from there is attributed to: the smallest unit from its
    /// own upwards with at least [`MIN_GROUP`] people in the population (as
    /// `scans::store::attribution`).
    fn attribution(&self, in_scope: &[bool]) -> Vec<Option<i64>> {
        let mut total = vec![0i64; self.units.len()];
        for (p, person) in self.people.iter().enumerate() {
            if !in_scope[p] {
                continue;
            }
            let mut at = person.unit;
            while let Some(u) = at {
                total[u] += 1;
                at = self.units[u].parent;
            }
        }
        (0..self.units.len())
            .map(|u| {
                let mut at = Some(u);
                while let Some(x) = at {
                    if total[x] >= MIN_GROUP {
                        return Some(self.units[x].id);
                    }
                    at = self.units[x].parent;
                }
                None
            })
            .collect()
    }

    /// Writes one run with its answers; returns how many answered.
    #[allow(clippy::too_many_arguments)]
    fn scan_run(
        &mut self,
        rng: &mut StdRng,
        spec: &RunSpec,
        inst: &Instrument,
        team: &[Vec<f64>],
        places: &[Place],
        logins: &HashSet<usize>,
        creator: Option<i64>,
        secret: &[u8; 32],
    ) -> usize {
        let id = self.ids.scan_run;
        self.ids.scan_run += 1;
        let ids = inst.item_ids(spec.variant);
        let layout = Layout::new(inst, &ids);
        let profile = profile(spec.instrument);
        let blocks: Vec<usize> = layout.slots.iter().map(|s| s.map(|(b, _)| b).unwrap_or(0)).collect();
        let block_ids: Vec<&str> = blocks.iter().map(|&b| inst.blocks[b].id.as_str()).collect();
        let level: Vec<f64> = ids
            .iter()
            .zip(&block_ids)
            .map(|(item, block)| {
                let (_, base, rise) =
                    profile.blocks.iter().find(|(b, _, _)| b == block).copied().unwrap_or(("", 3.0, 0.0));
                base + rise * spec.progress + item_offset(&profile, item)
            })
            .collect();
        // The circles' lift counts once they had started when the run opened.
        let lifted = spec.opens >= self.monday(-self.params.history);

        // The population: active staff, of the run's job groups.
        let in_scope: Vec<bool> = self
            .people
            .iter()
            .map(|p| p.active && !p.guest && (spec.jobs.is_empty() || spec.jobs.contains(&p.job.as_str())))
            .collect();
        let attributed = self.attribution(&in_scope);
        // Per unit, a willingness to answer around the run's rate (night shifts answer less).
        let willing: Vec<f64> = (0..self.units.len())
            .map(|u| {
                let night = if self.units[u].kind == Kind::Night { 0.8 } else { 1.0 };
                (spec.rate * night * rng.gen_range(0.8..1.2)).clamp(0.05, 0.95)
            })
            .collect();

        // Per unit and item the expected answer (as scored); per item the lift of a circle.
        let expected: Vec<Vec<f64>> = (0..self.units.len())
            .map(|u| {
                let (place, kind) = (place_effects(places[u]), kind_effects(self.units[u].kind));
                (0..ids.len())
                    .map(|i| {
                        let (b, item, block) = (blocks[i], ids[i].as_str(), block_ids[i]);
                        level[i] + team[u][b] + effect(place, block, item) + effect(kind, block, item)
                    })
                    .collect()
            })
            .collect();
        let lift: Vec<f64> = (0..ids.len()).map(|i| effect(CIRCLE_LIFT, block_ids[i], &ids[i])).collect();
        let reverse: Vec<bool> = layout.slots.iter().map(|s| matches!(s, Some((_, true)))).collect();

        let mut rows: Vec<(Option<i64>, String)> = Vec::new();
        let mut markers: Vec<String> = Vec::new();
        let mut person_fx = vec![0.0; inst.blocks.len()];
        let mut values = vec![0u8; ids.len()];
        for (p, person) in self.people.iter().enumerate() {
            let Some(u) = person.unit else { continue };
            if !in_scope[p] || (spec.open && logins.contains(&p)) || !rng.gen_bool(willing[u]) {
                continue;
            }
            for fx in person_fx.iter_mut() {
                *fx = normal(rng, 0.45);
            }
            let in_circle = lifted && person.circles > 0;
            for (i, v) in values.iter_mut().enumerate() {
                let mut mean = expected[u][i] + person_fx[blocks[i]];
                if in_circle {
                    mean += lift[i];
                }
                let scored = (mean + normal(rng, 0.65)).round().clamp(1.0, 5.0) as u8;
                *v = layout.scored(reverse[i], scored);
            }
            rows.push((attributed[u], Layout::to_text(&values)));
            if spec.open {
                markers.push(anon::responded(secret, id, person.id));
            }
        }
        // Stored in no order that follows the people.
        rows.shuffle(rng);
        markers.sort_unstable();

        let at = |d: NaiveDate, h: u32, m: u32| self.ts_of(d.and_hms_opt(h, m, 0).unwrap_or_default());
        let created = at(spec.opens - Duration::days(3), 10, 15);
        let last_reminder = (spec.reminders > 0).then(|| at(spec.opens + Duration::days(7 * spec.reminders), 9, 0));
        // A closed run's summary and report are published after the world is written
        // (`scans::store::publish_closed`), with noise, as closing a run publishes them.
        let closed_at = if spec.open { None } else { Some(at(spec.closes + Duration::days(1), 0, 20)) };
        let summary: Option<String> = None;
        let population = if spec.jobs.is_empty() { "org" } else { "jobs" };
        self.bulk.push(
            self.t.scan_runs,
            row![
                id,
                self.org_id,
                inst.id.clone(),
                inst.version,
                spec.variant,
                ids.join(","),
                spec.title.clone(),
                population,
                spec.opens.to_string(),
                spec.closes.to_string(),
                MIN_GROUP,
                spec.reminders,
                last_reminder,
                closed_at,
                summary,
                creator,
                created
            ],
        );
        for job in spec.jobs {
            self.bulk.push(self.t.scan_jobs, row![id, *job]);
        }
        for m in markers {
            self.bulk.push(self.t.scan_responded, row![id, m]);
        }
        // Random ids and receipts as `submit` makes them, each in sorted order: the rows reach
        // both the table (keyed by id) and the receipts' index in their own order, which makes
        // writing the xxl demo's answers several times faster. The ids and receipts say nothing
        // of a person; the answers were shuffled above.
        let n = rows.len();
        let mut keys: Vec<String> = (0..n).map(|_| anon::random_token()).collect();
        let mut receipts: Vec<String> = (0..n).map(|_| anon::receipt_hash(&anon::random_token())).collect();
        keys.sort_unstable();
        receipts.sort_unstable();
        for (((unit, answers), key), receipt) in rows.into_iter().zip(keys).zip(receipts) {
            self.bulk.push(self.t.scan_responses, row![id, key, unit, answers, receipt]);
        }
        n
    }
}
