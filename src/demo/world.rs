//! The organisation: units, people and who sits in which circle.

use rand::Rng;
use rand::seq::SliceRandom;

use super::text::{self, BACKGROUNDS, email_part};
use super::{CircleB, Gen, Kind, PersonB, Size, UnitB};

/// The six departments of Ondersteuning, with their staff per size (small, xxl).
const SUPPORT: &[(&str, usize, usize)] = &[
    ("Planning & Roostering", 6, 90),
    ("Facilitair", 14, 450),
    ("Personeelszaken", 6, 140),
    ("L&O", 5, 70),
    ("Kwaliteit & Veiligheid", 4, 45),
    ("ICT", 6, 160),
];

const REGIONS: &[(&str, [&str; 8])] = &[
    ("Regio Oost", ["Deventer", "Apeldoorn", "Zutphen", "Enschede", "Hengelo", "Almelo", "Oldenzaal", "Raalte"]),
    (
        "Regio Groningen",
        ["Groningen", "Veendam", "Winschoten", "Delfzijl", "Stadskanaal", "Appingedam", "Zuidhorn", "Hoogezand"],
    ),
    ("Regio Friesland", ["Leeuwarden", "Sneek", "Heerenveen", "Drachten", "Harlingen", "Dokkum", "Franeker", "Joure"]),
    ("Regio Drenthe", ["Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden", "Roden", "Beilen", "Borger"]),
    (
        "Regio IJssel-Vecht",
        ["Zwolle", "Kampen", "Hardenberg", "Ommen", "Steenwijk", "Dalfsen", "Genemuiden", "Vollenhove"],
    ),
    ("Regio Gelderland", ["Arnhem", "Nijmegen", "Ede", "Wageningen", "Doetinchem", "Tiel", "Culemborg", "Zevenaar"]),
    (
        "Regio Utrecht",
        ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Veenendaal", "Woerden", "Houten", "IJsselstein"],
    ),
    (
        "Regio Noord-Holland",
        ["Alkmaar", "Den Helder", "Hoorn", "Heerhugowaard", "Purmerend", "Enkhuizen", "Schagen", "Medemblik"],
    ),
    (
        "Regio Amsterdam",
        [
            "Amsterdam-Noord",
            "Amsterdam-Oost",
            "Amsterdam-West",
            "Amsterdam-Zuid",
            "Amstelveen",
            "Diemen",
            "Zaandam",
            "Haarlem",
        ],
    ),
    (
        "Regio Haaglanden",
        ["Den Haag", "Delft", "Zoetermeer", "Rijswijk", "Leiden", "Voorburg", "Wassenaar", "Naaldwijk"],
    ),
    (
        "Regio Rijnmond",
        [
            "Rotterdam",
            "Schiedam",
            "Vlaardingen",
            "Capelle aan den IJssel",
            "Spijkenisse",
            "Dordrecht",
            "Gouda",
            "Barendrecht",
        ],
    ),
    ("Regio Zeeland", ["Middelburg", "Vlissingen", "Goes", "Terneuzen", "Zierikzee", "Hulst", "Oostburg", "Yerseke"]),
    (
        "Regio West-Brabant",
        ["Breda", "Roosendaal", "Bergen op Zoom", "Oosterhout", "Etten-Leur", "Tilburg", "Waalwijk", "Dongen"],
    ),
    (
        "Regio Oost-Brabant",
        ["Eindhoven", "Helmond", "'s-Hertogenbosch", "Oss", "Veghel", "Uden", "Boxtel", "Veldhoven"],
    ),
    ("Regio Limburg", ["Maastricht", "Heerlen", "Sittard", "Roermond", "Venlo", "Weert", "Kerkrade", "Venray"]),
    ("Regio Flevoland", ["Almere", "Lelystad", "Dronten", "Emmeloord", "Zeewolde", "Urk", "Harderwijk", "Huizen"]),
];

const HOUSES: &[&str] = &[
    "De Eikenhof",
    "Het Anker",
    "Rozenhof",
    "Berkenstein",
    "De Zonnewijzer",
    "Het Baken",
    "De Wilgen",
    "Oranjehof",
    "De Veste",
    "Het Hoge Veld",
    "De Meander",
    "Sint Jozef",
    "Avondrust",
    "De Kastanjehof",
    "Groenhuysen",
    "De Hofstee",
    "Het Zonnehuis",
    "De Weide",
    "Parkzicht",
    "Vijverhof",
    "De Bongerd",
    "Ter Weel",
    "De Hooge Hof",
    "Molenweide",
    "De Sterrenberg",
    "Het Spant",
    "De Koppel",
    "Elisabeth",
    "De Boomgaard",
    "Het Gasthuis",
    "De Akker",
    "Waterrijk",
    "De Herbergier",
    "Maartenshof",
    "De Notenhout",
    "Overwelle",
    "De Lindenhorst",
    "Het Hofpark",
    "Nieuw Rijsenburgh",
    "De Regenboog",
];

const SPECIALTIES: &[&str] = &[
    "psychogeriatrie",
    "somatiek",
    "kleinschalig wonen",
    "psychogeriatrie",
    "geriatrische revalidatie",
    "korte opname",
];

const QUARTERS: &[&str] = &["Centrum", "Noord", "Zuid", "Oost", "West", "Dorp", "Haven", "Park", "Kern"];

type Jobs = &'static [(&'static str, u32)];

fn staff_jobs(kind: Kind, unit: &str) -> Jobs {
    match kind {
        Kind::Care => &[
            ("Verzorgende IG", 45),
            ("Helpende Plus", 12),
            ("Verpleegkundige", 12),
            ("Zorgassistent", 9),
            ("Activiteitenbegeleider", 5),
            ("Leerling verzorgende IG", 8),
            ("Gastvrouw", 5),
            ("Verpleegkundige HBO", 4),
        ],
        Kind::Night => &[("Verzorgende IG", 60), ("Verpleegkundige", 25), ("Helpende Plus", 15)],
        Kind::Wijk => &[
            ("Wijkverpleegkundige", 22),
            ("Verzorgende IG", 40),
            ("Verpleegkundige", 15),
            ("Helpende Plus", 8),
            ("Leerling verpleegkundige", 8),
            ("Zorgassistent", 7),
        ],
        Kind::Support => match unit {
            "Planning & Roostering" => &[("Planner", 50), ("Roostermaker", 50)],
            "Facilitair" => &[
                ("Medewerker facilitair", 30),
                ("Medewerker technische dienst", 20),
                ("Medewerker huishouding", 35),
                ("Kok", 15),
            ],
            "Personeelszaken" => {
                &[("HR-adviseur", 40), ("Salarisadministrateur", 30), ("Medewerker personeelszaken", 30)]
            }
            "L&O" => &[("L&O-adviseur", 50), ("Praktijkopleider", 35), ("Medewerker opleidingen", 15)],
            "Kwaliteit & Veiligheid" => &[("Kwaliteitsadviseur", 60), ("Adviseur veiligheid", 40)],
            "ICT" => &[("Servicedeskmedewerker", 40), ("Applicatiebeheerder ECD", 30), ("Functioneel beheerder", 30)],
            _ => &[("Medewerker ondersteuning", 1)],
        },
        Kind::Location => {
            &[("Managementassistent", 50), ("Coördinator zorg", 30), ("Specialist ouderengeneeskunde", 20)]
        }
        Kind::Top => &[("Bestuurssecretaris", 30), ("Beleidsadviseur", 50), ("Managementassistent", 20)],
    }
}

fn manager_job(kind: Kind, unit: &str) -> String {
    match kind {
        Kind::Care | Kind::Night => "Teamleider".into(),
        Kind::Wijk => "Teamleider wijkverpleging".into(),
        Kind::Location if unit.starts_with("Wijkzorg") => "Manager wijkzorg".into(),
        Kind::Location => "Locatiemanager".into(),
        Kind::Support => match unit {
            "Planning & Roostering" => "Hoofd Planning & Roostering".into(),
            "Facilitair" => "Hoofd Facilitair".into(),
            "Personeelszaken" => "Manager Personeelszaken".into(),
            "L&O" => "Teamleider L&O".into(),
            "Kwaliteit & Veiligheid" => "Coördinator Kwaliteit & Veiligheid".into(),
            "ICT" => "Teamleider ICT".into(),
            _ => "Teamleider".into(),
        },
        Kind::Top => match unit {
            "Raad van Bestuur" => "Voorzitter raad van bestuur".into(),
            "Directie Zorg" => "Directeur zorg".into(),
            "Ondersteuning" => "Directeur bedrijfsvoering".into(),
            _ => "Regiodirecteur".into(),
        },
    }
}

impl Gen {
    pub(super) fn build_world(&mut self) {
        match self.size {
            Size::Small => self.world_small(),
            Size::Xxl => self.world_xxl(),
        }
        self.story_circles();
        self.generic_circles();
        self.retire_some();
    }

    fn add_unit(&mut self, name: String, parent: Option<usize>, kind: Kind, short: &str) -> usize {
        let idx = self.units.len();
        let id = self.ids.unit;
        self.ids.unit += 1;
        self.units.push(UnitB {
            id,
            parent,
            name,
            kind,
            manager: None,
            short: short.to_string(),
            people: Vec::new(),
            children: Vec::new(),
        });
        if let Some(p) = parent {
            self.units[p].children.push(idx);
        }
        idx
    }

    pub(super) fn unit_named(&self, name: &str) -> usize {
        self.units.iter().position(|u| u.name == name).unwrap_or_else(|| panic!("demo unit {name} missing"))
    }

    pub(super) fn add_person(&mut self, unit: Option<usize>, first: &str, last: &str, job: &str) -> usize {
        let base = format!("{}.{}", email_part(first), email_part(last));
        let n = self.emails.entry(base.clone()).or_insert(0);
        *n += 1;
        let email = if *n == 1 { format!("{base}@{}", self.domain) } else { format!("{base}{n}@{}", self.domain) };
        let idx = self.people.len();
        let id = self.ids.person;
        self.ids.person += 1;
        self.people.push(PersonB {
            id,
            unit,
            name: format!("{first} {last}"),
            email,
            job: job.to_string(),
            admin: false,
            adviser: job == "L&O-adviseur",
            guest: false,
            active: true,
            circles: 0,
            engaged: false,
            fixed: false,
        });
        if let Some(u) = unit {
            self.units[u].people.push(idx);
        }
        idx
    }

    fn random_name(&mut self) -> (&'static str, &'static str) {
        let total: u32 = BACKGROUNDS.iter().map(|b| b.weight).sum();
        let mut x = self.rng.gen_range(0..total);
        let mut bg = &BACKGROUNDS[0];
        for b in BACKGROUNDS {
            if x < b.weight {
                bg = b;
                break;
            }
            x -= b.weight;
        }
        let female = self.chance(0.84);
        let first = if female { bg.female } else { bg.male };
        let first = first[self.rng.gen_range(0..first.len())];
        let family = if self.chance(0.12) { &BACKGROUNDS[self.rng.gen_range(0..BACKGROUNDS.len())] } else { bg };
        let last = family.surnames[self.rng.gen_range(0..family.surnames.len())];
        (first, last)
    }

    fn weighted_job(&mut self, jobs: Jobs) -> &'static str {
        let total: u32 = jobs.iter().map(|(_, w)| w).sum();
        let mut x = self.rng.gen_range(0..total);
        for (j, w) in jobs {
            if x < *w {
                return j;
            }
            x -= w;
        }
        jobs[0].0
    }

    /// Fills a unit up to `n` people: a manager if it has none, then staff.
    fn populate(&mut self, u: usize, n: usize) {
        let kind = self.units[u].kind;
        let name = self.units[u].name.clone();
        if self.units[u].manager.is_none() {
            let (first, last) = self.random_name();
            let p = self.add_person(Some(u), first, last, &manager_job(kind, &name));
            self.people[p].fixed = true;
            self.units[u].manager = Some(p);
        }
        let engaged = match kind {
            Kind::Care | Kind::Night | Kind::Wijk => self.params.engaged,
            Kind::Support => self.params.engaged * 0.5,
            Kind::Top | Kind::Location => 0.0,
        };
        let jobs = staff_jobs(kind, &name);
        while self.units[u].people.len() < n {
            let (first, last) = self.random_name();
            let job = self.weighted_job(jobs);
            let p = self.add_person(Some(u), first, last, job);
            self.people[p].engaged = self.chance(engaged);
        }
    }

    /// Locatie Lindehof, Locatie Beukenrode and Wijkzorg Oost with their teams.
    fn de_linde(&mut self, parent: usize) {
        let lindehof = self.add_unit("Locatie Lindehof".into(), Some(parent), Kind::Location, "Lindehof");
        for (name, kind) in [
            ("Team Lindehof 1 — somatiek", Kind::Care),
            ("Team Lindehof 2 — psychogeriatrie", Kind::Care),
            ("Team Lindehof 3 — psychogeriatrie", Kind::Care),
            ("Team Lindehof 4 — geriatrische revalidatie", Kind::Care),
            ("Nachtdienst Lindehof", Kind::Night),
        ] {
            self.add_unit(name.into(), Some(lindehof), kind, "Lindehof");
        }
        let beukenrode = self.add_unit("Locatie Beukenrode".into(), Some(parent), Kind::Location, "Beukenrode");
        for (name, kind) in [
            ("Team Beukenrode A — kleinschalig wonen", Kind::Care),
            ("Team Beukenrode B — kleinschalig wonen", Kind::Care),
            ("Team Beukenrode C — somatiek", Kind::Care),
            ("Nachtdienst Beukenrode", Kind::Night),
        ] {
            self.add_unit(name.into(), Some(beukenrode), kind, "Beukenrode");
        }
        let oost = self.add_unit("Wijkzorg Oost".into(), Some(parent), Kind::Location, "Oost");
        for name in [
            "Wijkteam Oost-Centrum",
            "Wijkteam Oost-Noord",
            "Wijkteam De Esch",
            "Wijkteam Oosterpark",
            "Wijkverpleging avond en nacht Oost",
        ] {
            self.add_unit(name.into(), Some(oost), Kind::Wijk, "Oost");
        }
    }

    fn top_and_support(&mut self) -> usize {
        let rvb = self.add_unit("Raad van Bestuur".into(), None, Kind::Top, "");
        let dz = self.add_unit("Directie Zorg".into(), Some(rvb), Kind::Top, "");
        let ond = self.add_unit("Ondersteuning".into(), Some(rvb), Kind::Top, "Ondersteuning");
        for (name, _, _) in SUPPORT {
            self.add_unit(name.to_string(), Some(ond), Kind::Support, "Ondersteuning");
        }
        dz
    }

    /// The story's people, placed before anyone else so their e-mail addresses are theirs.
    fn place_personas(&mut self) {
        for (k, p) in super::story::PERSONAS.iter().enumerate() {
            let unit = p.unit.map(|u| self.unit_named(u));
            let idx = self.add_person(unit, p.first, p.last, p.job);
            let person = &mut self.people[idx];
            person.fixed = true;
            person.admin = p.admin;
            person.adviser = p.adviser;
            person.guest = p.guest;
            if p.manages {
                if let Some(u) = unit {
                    self.units[u].manager = Some(idx);
                }
            }
            match k {
                0 => self.personas.pro = idx,
                1 => self.personas.manager = idx,
                4 => self.personas.guest = idx,
                5 => self.personas.locatie = idx,
                _ => {}
            }
        }
    }

    /// Base size of a unit, before the total is fitted.
    fn base_size(&mut self, u: usize) -> usize {
        let unit = &self.units[u];
        let xxl = self.size == Size::Xxl;
        match unit.kind {
            Kind::Top => match unit.name.as_str() {
                "Raad van Bestuur" => 2 + usize::from(xxl),
                "Directie Zorg" => 2 + 2 * usize::from(xxl),
                "Ondersteuning" => 1 + usize::from(xxl),
                _ => 3,
            },
            Kind::Location => 2,
            Kind::Support => {
                SUPPORT.iter().find(|(n, _, _)| *n == unit.name).map(|(_, s, x)| if xxl { *x } else { *s }).unwrap_or(5)
            }
            Kind::Care => self.rng.gen_range(if xxl { 10..=18 } else { 18..=21 }),
            Kind::Night => self.rng.gen_range(if xxl { 8..=11 } else { 9..=11 }),
            Kind::Wijk if unit.name.starts_with("Wijkverpleging") => self.rng.gen_range(9..=11),
            Kind::Wijk => self.rng.gen_range(if xxl { 11..=18 } else { 16..=19 }),
        }
    }

    /// Gives every unit its people, with the care teams adjusted so the total is exact.
    fn staff_all(&mut self) {
        let mut sizes: Vec<usize> = (0..self.units.len()).map(|u| self.base_size(u)).collect();
        let adjustable: Vec<usize> =
            (0..self.units.len()).filter(|&u| matches!(self.units[u].kind, Kind::Care | Kind::Wijk)).collect();
        let unplaced = self.people.iter().filter(|p| p.unit.is_none()).count();
        let target = self.params.people - unplaced;
        let mut sum: usize = sizes.iter().sum();
        while sum != target && !adjustable.is_empty() {
            let u = adjustable[self.rng.gen_range(0..adjustable.len())];
            if sum < target {
                sizes[u] += 1;
                sum += 1;
            } else if sizes[u] > 8 {
                sizes[u] -= 1;
                sum -= 1;
            }
        }
        for (u, n) in sizes.into_iter().enumerate() {
            self.populate(u, n);
        }
    }

    fn world_small(&mut self) {
        let dz = self.top_and_support();
        self.de_linde(dz);
        self.place_personas();
        self.staff_all();
    }

    fn world_xxl(&mut self) {
        let dz = self.top_and_support();
        for (r, (region, towns)) in REGIONS.iter().enumerate() {
            let ru = self.add_unit(region.to_string(), Some(dz), Kind::Top, region);
            let (homes, wijken) = if r == 0 {
                self.de_linde(ru);
                (28, 14)
            } else {
                (30, 15)
            };
            for k in 0..homes {
                let house = HOUSES[(k + r * 7) % HOUSES.len()];
                let town = towns[k % towns.len()];
                let short = format!("{house} {town}");
                let loc = self.add_unit(format!("Locatie {house}, {town}"), Some(ru), Kind::Location, &short);
                let teams = self.rng.gen_range(7..=11);
                for n in 1..=teams {
                    let spec = SPECIALTIES[(n + k) % SPECIALTIES.len()];
                    self.add_unit(format!("Team {house} {n} — {spec}"), Some(loc), Kind::Care, &short);
                }
                self.add_unit(format!("Nachtdienst {house}, {town}"), Some(loc), Kind::Night, &short);
            }
            for k in 0..wijken {
                let town = towns[k % towns.len()];
                let part = ["Noord", "Zuid"][k / towns.len()];
                let short = format!("{town} {part}");
                let loc = self.add_unit(format!("Wijkzorg {town} {part}"), Some(ru), Kind::Location, &short);
                let teams = self.rng.gen_range(6..=9);
                for q in QUARTERS.iter().take(teams) {
                    self.add_unit(format!("Wijkteam {town}-{q} ({part})"), Some(loc), Kind::Wijk, &short);
                }
                self.add_unit(format!("Wijkverpleging avond en nacht {town} {part}"), Some(loc), Kind::Wijk, &short);
            }
        }
        self.place_personas();
        self.staff_all();
    }

    /// People who can be drawn into a generated circle.
    fn eligible(&self, p: usize) -> bool {
        let p = &self.people[p];
        p.active && !p.fixed && !p.guest && p.engaged && p.circles < 2
    }

    fn pick_from(&mut self, unit: usize, taken: &[usize], any: bool) -> Option<usize> {
        let mut best: Vec<usize> = self.units[unit]
            .people
            .iter()
            .copied()
            .filter(|&p| {
                !taken.contains(&p)
                    && if any {
                        let q = &self.people[p];
                        q.active && !q.fixed && !q.guest && q.circles < 2
                    } else {
                        self.eligible(p)
                    }
            })
            .collect();
        if best.is_empty() {
            return None;
        }
        // Prefer people in no circle yet.
        let min = best.iter().map(|&p| self.people[p].circles).min().unwrap_or(0);
        best.retain(|&p| self.people[p].circles == min || self.rng.gen_bool(0.3));
        best.choose(&mut self.rng).copied()
    }

    /// A person for a story circle, from a named unit.
    pub(super) fn story_member(&mut self, unit: &str, taken: &[usize]) -> usize {
        let u = self.unit_named(unit);
        self.pick_from(u, taken, true).unwrap_or_else(|| panic!("no one left in {unit} for the demo story"))
    }

    pub(super) fn circle_size(&mut self) -> usize {
        match self.rng.gen_range(0..100) {
            0..15 => 3,
            15..45 => 4,
            45..77 => 5,
            _ => 6,
        }
    }

    /// Work situations for a circle in a unit of this kind: the least used first.
    fn situations_for(&mut self, kind: Kind, n: usize) -> Vec<usize> {
        let mask = kind.themes();
        let mut options: Vec<usize> =
            (0..text::SITUATIONS.len()).filter(|&i| text::SITUATIONS[i].themes & mask != 0).collect();
        options.shuffle(&mut self.rng);
        if self.size == Size::Small {
            options.sort_by_key(|&i| self.sit_use[i]);
        }
        options.truncate(n);
        for &i in &options {
            self.sit_use[i] += 1;
        }
        options
    }

    fn generic_circles(&mut self) {
        let want = self.params.circles.saturating_sub(self.circles.len());
        let teams: Vec<usize> = (0..self.units.len()).filter(|&u| self.units[u].kind.is_team()).collect();
        let mut cumulative = Vec::with_capacity(teams.len());
        let mut acc = 0usize;
        for &t in &teams {
            acc += self.units[t].people.iter().filter(|&&p| self.eligible(p)).count();
            cumulative.push(acc);
        }
        if acc == 0 {
            return;
        }
        let mut name_use = vec![0u32; text::CIRCLE_NAMES.len()];
        let mut made = 0;
        let mut tries = 0;
        while made < want && tries < want * 20 + 100 {
            tries += 1;
            let x = self.rng.gen_range(0..acc);
            let t = teams[cumulative.partition_point(|&c| c <= x)];
            // A name that fits the team, the least used first.
            let mask = self.units[t].kind.themes();
            let mut options: Vec<usize> =
                (0..text::CIRCLE_NAMES.len()).filter(|&n| text::CIRCLE_NAMES[n].2 & mask != 0).collect();
            options.shuffle(&mut self.rng);
            options.sort_by_key(|&n| name_use[n]);
            let name = options[0];
            if let Some(c) = self.make_circle(t, name) {
                name_use[name] += 1;
                self.circles.push(c);
                made += 1;
            }
        }
    }

    fn make_circle(&mut self, team: usize, name: usize) -> Option<CircleB> {
        let size = self.circle_size();
        let location = self.units[team].parent;
        let siblings: Vec<usize> = location
            .map(|l| self.units[l].children.iter().copied().filter(|&c| c != team).collect())
            .unwrap_or_default();
        let mut members: Vec<usize> = Vec::with_capacity(size);
        for _ in 0..size {
            let home_first = siblings.is_empty() || self.chance(0.85);
            let sibling = (!siblings.is_empty()).then(|| *self.pick(&siblings));
            let order = if home_first { [Some(team), sibling] } else { [sibling, Some(team)] };
            let found = order.into_iter().flatten().find_map(|u| self.pick_from(u, &members, false));
            match found {
                Some(p) => members.push(p),
                None => break,
            }
        }
        // Now and then a circle reaches across locations.
        if self.size == Size::Xxl && members.len() >= 4 && self.chance(0.02) {
            if let Some(region) = location.and_then(|l| self.units[l].parent) {
                let others: Vec<usize> = self.units[region]
                    .children
                    .iter()
                    .copied()
                    .filter(|&l| Some(l) != location && !self.units[l].children.is_empty())
                    .collect();
                if !others.is_empty() {
                    let l = *self.pick(&others);
                    let t = *self.pick(&self.units[l].children.clone());
                    if let Some(p) = self.pick_from(t, &members, false) {
                        let last = members.len() - 1;
                        members[last] = p;
                    }
                }
            }
        }
        if members.len() < 3 {
            return None;
        }
        for &m in &members {
            self.people[m].circles += 1;
        }
        let kind = self.units[team].kind;
        let nsits = self.rng.gen_range(2..=4);
        let sits = self.situations_for(kind, nsits);
        let (start_lo, start_hi) = self.params.start;
        let start_week = self.rng.gen_range(start_lo..=start_hi);
        let stall =
            (start_week + 3 <= 0 && self.chance(self.params.p_stall)).then(|| self.rng.gen_range(start_week + 3..=0));
        let weeks = self.active_weeks(start_week, stall);
        let (base, purpose, _) = text::CIRCLE_NAMES[name];
        let short = &self.units[team].short;
        let name = if short.is_empty() { base.to_string() } else { format!("{base} {short}") };
        let time = self.word(text::TIMES);
        let place = self.word(text::PLACES).to_string();
        Some(CircleB {
            name,
            purpose: purpose.to_string(),
            open: self.chance(0.25),
            members,
            invited: Vec::new(),
            sits,
            start_week,
            weeks,
            time: chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap_or_default(),
            place,
            scripted: false,
            focus: Vec::new(),
            story: None,
        })
    }

    /// A few people have left the organisation: inactive, in no circle.
    fn retire_some(&mut self) {
        let share = 0.015;
        for p in 0..self.people.len() {
            let q = &self.people[p];
            let unit = q.unit;
            let candidate = q.circles == 0 && !q.fixed && !q.guest && unit.is_some();
            if candidate && unit.is_none_or(|u| self.units[u].manager != Some(p)) && self.chance(share) {
                self.people[p].active = false;
            }
        }
    }
}
