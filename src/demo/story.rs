//! The scripted part of the demo: the people you log in as, the circles around them and the
//! proposals that show every step of the lifecycle. Situation numbers index
//! [`text::SITUATIONS`](super::text::SITUATIONS).

use std::collections::HashMap;

use rand::Rng;

use super::text::email_part;
use super::{CircleB, CircleOut, DAY, Gen, HOUR, PSpec, PText};
use crate::proposals::state::{Phase, State};

pub struct Persona {
    /// The login's role label, for the five people you can log in as.
    pub role: Option<&'static str>,
    pub first: &'static str,
    pub last: &'static str,
    pub job: &'static str,
    pub unit: Option<&'static str>,
    pub manages: bool,
    pub admin: bool,
    pub adviser: bool,
    pub guest: bool,
}

const L1: &str = "Team Lindehof 1 — somatiek";
const L2: &str = "Team Lindehof 2 — psychogeriatrie";
const L3: &str = "Team Lindehof 3 — psychogeriatrie";
const L4: &str = "Team Lindehof 4 — geriatrische revalidatie";
const NL: &str = "Nachtdienst Lindehof";
const BA: &str = "Team Beukenrode A — kleinschalig wonen";
const BB: &str = "Team Beukenrode B — kleinschalig wonen";
const BC: &str = "Team Beukenrode C — somatiek";
const NB: &str = "Nachtdienst Beukenrode";
const OC: &str = "Wijkteam Oost-Centrum";
const ON: &str = "Wijkteam Oost-Noord";
const OE: &str = "Wijkteam De Esch";
const OP: &str = "Wijkteam Oosterpark";
const ONA: &str = "Wijkverpleging avond en nacht Oost";
const PR: &str = "Planning & Roostering";

/// In this order: professional, manager, adviser, administrator, guest, and the manager of
/// Locatie Lindehof (no login).
pub const PERSONAS: &[Persona] = &[
    Persona {
        role: Some("professional"),
        first: "Esther",
        last: "Vermeulen",
        job: "Verzorgende IG",
        unit: Some(L2),
        manages: false,
        admin: false,
        adviser: false,
        guest: false,
    },
    Persona {
        role: Some("leidinggevende"),
        first: "Ruud",
        last: "Hendriks",
        job: "Teamleider",
        unit: Some(L2),
        manages: true,
        admin: false,
        adviser: false,
        guest: false,
    },
    Persona {
        role: Some("L&O-adviseur"),
        first: "Fatima",
        last: "El Amrani",
        job: "L&O-adviseur",
        unit: Some("L&O"),
        manages: false,
        admin: false,
        adviser: true,
        guest: false,
    },
    Persona {
        role: Some("beheerder"),
        first: "Joost",
        last: "de Graaf",
        job: "Functioneel beheerder",
        unit: Some("ICT"),
        manages: false,
        admin: true,
        adviser: false,
        guest: false,
    },
    Persona {
        role: Some("gast"),
        first: "Martijn",
        last: "Smits",
        job: "Apotheker, Apotheek Oosterpoort",
        unit: None,
        manages: false,
        admin: false,
        adviser: false,
        guest: true,
    },
    Persona {
        role: None,
        first: "Annelies",
        last: "Kok",
        job: "Locatiemanager",
        unit: Some("Locatie Lindehof"),
        manages: true,
        admin: false,
        adviser: false,
        guest: false,
    },
];

pub fn persona_email(p: &Persona, domain: &str) -> String {
    format!("{}.{}@{domain}", email_part(p.first), email_part(p.last))
}

/// Who sits in a story circle: the professional, or someone from a unit.
enum Who {
    Pro,
    Unit(&'static str),
}

struct StoryCircle {
    key: &'static str,
    name: &'static str,
    purpose: &'static str,
    open: bool,
    members: &'static [Who],
    invited: &'static [Who],
    sits: &'static [usize],
    start: i64,
    /// No cycle from eight weeks ago on.
    stalled: bool,
    /// Weeks that must be active, here and now (for "Mijn week").
    now: &'static [i64],
    /// A circle whose active weeks this one avoids, so one person is not in two cycles at once.
    alternates: Option<&'static str>,
    time: &'static str,
    place: &'static str,
}

const CIRCLES: &[StoryCircle] = &[
    StoryCircle {
        key: "overdracht",
        name: "Overdracht op orde",
        purpose: "Wat de volgende dienst moet weten, komt ook aan. Van laat naar nacht en terug.",
        open: false,
        members: &[Who::Pro, Who::Unit(L2), Who::Unit(NL), Who::Unit(L1), Who::Unit(L3)],
        invited: &[],
        sits: &[0, 9, 7, 27],
        start: -15,
        stalled: false,
        now: &[0],
        alternates: None,
        time: "14:00",
        place: "Stilteruimte Lindehof, begane grond",
    },
    StoryCircle {
        key: "familie",
        name: "Familie in beeld",
        purpose: "Familie als partner in de zorg: één verhaal, op één plek.",
        open: true,
        members: &[Who::Unit(L2), Who::Pro, Who::Unit(L2), Who::Unit(L3), Who::Unit(L2)],
        invited: &[],
        sits: &[1, 10, 33],
        start: -14,
        stalled: false,
        now: &[1],
        alternates: Some("overdracht"),
        time: "10:00",
        place: "Teamkamer Lindehof 2",
    },
    StoryCircle {
        key: "tillen",
        name: "Tillen zonder wachten",
        purpose: "De ochtendspits zonder wachten op de tillift, en zonder zere ruggen.",
        open: false,
        members: &[Who::Unit(L1), Who::Unit(L1), Who::Unit(L1), Who::Unit(L4)],
        invited: &[],
        sits: &[3, 25, 26],
        start: -15,
        stalled: false,
        now: &[],
        alternates: None,
        time: "13:30",
        place: "Vergaderruimte De Eik, Lindehof",
    },
    StoryCircle {
        key: "rust",
        name: "Rust op de afdeling",
        purpose: "Minder onrust bij bewoners met dementie, door anders te kijken naar de dag.",
        open: true,
        members: &[Who::Unit(L3), Who::Unit(L2), Who::Unit(L2), Who::Unit(L3), Who::Unit(L3)],
        invited: &[],
        sits: &[18, 19, 12],
        start: -12,
        stalled: false,
        now: &[],
        alternates: None,
        time: "14:30",
        place: "Huiskamer Lindehof 3",
    },
    StoryCircle {
        key: "incident",
        name: "Na een incident",
        purpose: "Van een incident leren in plaats van het weg te stoppen.",
        open: true,
        members: &[Who::Unit(L3), Who::Unit(L1), Who::Unit(L4), Who::Unit(L2)],
        invited: &[Who::Pro],
        sits: &[5, 20, 33],
        start: -16,
        stalled: false,
        now: &[],
        alternates: None,
        time: "15:00",
        place: "Stilteruimte Lindehof, begane grond",
    },
    StoryCircle {
        key: "invallers",
        name: "Invallers wegwijs",
        purpose: "Invalkrachten die binnen een dienst weten hoe onze bewoners leven.",
        open: true,
        members: &[Who::Unit(BA), Who::Unit(BA), Who::Unit(BB), Who::Unit(BB), Who::Unit(BC)],
        invited: &[],
        sits: &[4, 31, 29],
        start: -14,
        stalled: false,
        now: &[],
        alternates: None,
        time: "13:30",
        place: "Teamkamer Beukenrode",
    },
    StoryCircle {
        key: "dagbesteding",
        name: "Dagbesteding anders",
        purpose: "Een dag met betekenis voor bewoners, ook als er weinig handen zijn.",
        open: true,
        members: &[Who::Unit(BC), Who::Unit(BC), Who::Unit(BA), Who::Unit(BC)],
        invited: &[],
        sits: &[26, 23],
        start: -16,
        stalled: true,
        now: &[],
        alternates: None,
        time: "10:00",
        place: "Restaurant Beukenrode",
    },
    StoryCircle {
        key: "nacht-beukenrode",
        name: "Nachtdienst Beukenrode leert",
        purpose: "De nacht heeft eigen vragen. Die stellen we hier.",
        open: false,
        members: &[Who::Unit(NB), Who::Unit(NB), Who::Unit(NB)],
        invited: &[],
        sits: &[13, 35, 33],
        start: -13,
        stalled: false,
        now: &[],
        alternates: None,
        time: "09:30",
        place: "Online (Teams)",
    },
    StoryCircle {
        key: "medicatie",
        name: "Medicatie in de wijk",
        purpose: "Veilige medicatie bij cliënten thuis, van apotheek tot aftekenen.",
        open: false,
        members: &[Who::Unit(OC), Who::Unit(OC), Who::Unit(ON), Who::Unit(OE), Who::Unit(OP)],
        invited: &[],
        sits: &[6, 14, 40],
        start: -14,
        stalled: false,
        now: &[0, 1],
        alternates: None,
        time: "13:30",
        place: "Kantoor Wijkteam Oost-Centrum",
    },
    StoryCircle {
        key: "digitaal",
        name: "Wijk Oost digitaal",
        purpose: "Het ECD en de apps die ons helpen in plaats van tijd kosten.",
        open: true,
        members: &[Who::Unit(OP), Who::Unit(OC), Who::Unit(ON), Who::Unit(OE)],
        invited: &[],
        sits: &[2, 15, 32],
        start: -12,
        stalled: false,
        now: &[],
        alternates: None,
        time: "14:00",
        place: "Online (Teams)",
    },
    StoryCircle {
        key: "rooster",
        name: "Roosteren met de teams",
        purpose: "Een rooster dat werkt voor bewoners, teams en planners.",
        open: true,
        members: &[Who::Unit(PR), Who::Unit(PR), Who::Unit(BA), Who::Unit(OC)],
        invited: &[],
        sits: &[8, 36, 24],
        start: -11,
        stalled: false,
        now: &[],
        alternates: None,
        time: "10:00",
        place: "Vergaderruimte Ondersteuning",
    },
    StoryCircle {
        key: "nachten",
        name: "Nachtdiensten samen",
        purpose: "Nachtdiensten van Lindehof, Beukenrode en de wijk leren van elkaar.",
        open: true,
        members: &[Who::Unit(NL), Who::Unit(NB), Who::Unit(ONA), Who::Unit(NL), Who::Unit(NB)],
        invited: &[],
        sits: &[13, 9, 35],
        start: -15,
        stalled: false,
        now: &[],
        alternates: None,
        time: "09:30",
        place: "Online (Teams)",
    },
    StoryCircle {
        key: "inwerken",
        name: "Inwerken zonder haast",
        purpose: "Nieuwe collega's en stagiaires goed laten landen, op alle locaties.",
        open: true,
        members: &[Who::Unit(L4), Who::Unit(BB), Who::Unit(OE), Who::Unit(OC)],
        invited: &[],
        sits: &[11, 7, 37],
        start: -10,
        stalled: false,
        now: &[],
        alternates: None,
        time: "15:00",
        place: "Vergaderruimte De Eik, Lindehof",
    },
];

/// Who decides a scripted proposal.
enum Decider {
    None,
    Manager,
    Locatie,
    ManagerOf(&'static str),
}

struct Script {
    circle: &'static str,
    sit: usize,
    innovation: Option<Phase>,
    title: &'static str,
    problem: &'static str,
    proposal: &'static str,
    expected: &'static str,
    risks: &'static str,
    /// An earlier, shorter text that was edited.
    first_proposal: Option<&'static str>,
    state: State,
    creator: usize,
    week: i64,
    submitted_days_ago: Option<i64>,
    decided_days_ago: Option<i64>,
    decider: Decider,
    reason: Option<&'static str>,
    pending: &'static [usize],
    objection: Option<(usize, &'static str)>,
    agree: Option<usize>,
    effects: &'static [(&'static str, i64)],
    implementation: Option<&'static str>,
}

const SCRIPTS: &[Script] = &[
    Script {
        circle: "overdracht",
        sit: 0,
        innovation: None,
        title: "Valincidenten als vast punt in de overdracht laat–nacht",
        problem: "In de overdracht van laat- naar nachtdienst ontbreekt vaak wie er die dag gevallen of bijna gevallen is. De nachtdienst hoort het pas als er 's nachts iets gebeurt.",
        proposal: "Elke overdracht van laat naar nacht begint met één vaste vraag: wie is er vandaag gevallen of bijna gevallen, en wat is er afgesproken? De late dienst zet dit bovenaan in het ECD onder 'Vallen vandaag'. De nachtdienst leest het vóór de eerste ronde en tekent af dat het gelezen is.",
        expected: "Geen valincident meer dat de nachtdienst niet kent; gerichtere rondes in de nacht.",
        risks: "Het zakt weg als de overdracht onder druk staat. Daarom bespreken we het de eerste vier weken in elke cirkelsessie.",
        first_proposal: Some(
            "Elke overdracht van laat naar nacht begint met één vaste vraag: wie is er vandaag gevallen of bijna gevallen? De late dienst zet dit bovenaan in het ECD.",
        ),
        state: State::InProgress,
        creator: 0,
        week: -11,
        submitted_days_ago: Some(66),
        decided_days_ago: Some(58),
        decider: Decider::Manager,
        reason: Some("Akkoord. Begin direct op Lindehof 2 en in de nachtdienst; ik wil na zes weken de cijfers zien."),
        pending: &[],
        objection: Some((
            2,
            "Ik mis hoe de nachtdienst laat weten dat het is aangekomen. Zonder aftekenen weten we niet of het gelezen is.",
        )),
        agree: None,
        effects: &[
            ("Na drie weken: het staat in bijna elke overdracht. In het weekend nog wisselend.", 30),
            (
                "Na zes weken: valincidenten die niet in de overdracht stonden, van 7 naar 2. De nachtdienst zegt dat ze 's nachts gerichter langs de kamers gaan.",
                9,
            ),
        ],
        implementation: Some(
            "Gestart op Lindehof 2 en in de nachtdienst Lindehof. Esther houdt de telling bij; na de zomer besluiten we over de andere teams.",
        ),
    },
    Script {
        circle: "overdracht",
        sit: 9,
        innovation: None,
        title: "Levenseindewensen zichtbaar voor de nachtdienst",
        problem: "Bij het levenseinde van een bewoner weet de nachtdienst vaak niet wat de familie met de arts en de EVV'er heeft afgesproken: wel of niet bellen 's nachts, wel of geen ziekenhuis, wie er mag blijven slapen.",
        proposal: "Afspraken rond het levenseinde komen op één vaste plek in het ECD ('Wensen levenseinde'), ingevuld door de EVV'er na elk gesprek met familie. De nachtdienst ziet bij de start van de dienst een overzicht van bewoners in de palliatieve fase met hun afspraken.",
        expected: "De nachtdienst hoeft familie niet 's nachts te bellen met vragen die al beantwoord zijn; familie voelt zich gehoord.",
        risks: "Vraagt een aanpassing in het ECD; ICT moet meedenken. Zolang dat er niet is, werken we met een papieren overzicht in de medicijnkar.",
        first_proposal: None,
        state: State::Submitted,
        creator: 2,
        week: -5,
        submitted_days_ago: Some(22),
        decided_days_ago: None,
        decider: Decider::Manager,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "overdracht",
        sit: 7,
        innovation: None,
        title: "Inwerkschema: drie weken nooit alleen in de avond",
        problem: "Nieuwe collega's staan na drie weken al alleen in de avonddienst. Twee van de vier nieuwe collega's van dit jaar zijn binnen een halfjaar weer vertrokken.",
        proposal: "Nieuwe collega's draaien de eerste drie weken altijd mee met een vaste collega en staan pas daarna alleen in de avond. Planning & Roostering plant dit vooraf in; de teamleider controleert het rooster.",
        expected: "Nieuwe collega's blijven langer; minder fouten in de eerste weken.",
        risks: "In de zomer met weinig bezetting lastig; dan kiezen we voor twee weken in plaats van drie.",
        first_proposal: None,
        state: State::InValidation,
        creator: 1,
        week: -1,
        submitted_days_ago: None,
        decided_days_ago: None,
        decider: Decider::None,
        reason: None,
        pending: &[0],
        objection: None,
        agree: Some(2),
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "overdracht",
        sit: 27,
        innovation: Some(Phase::OpportunityAssessment),
        title: "Gedeeld overdrachtsscherm in de teamkamer",
        problem: "De overdracht is mondeling, staand in de gang, en verspreid over papier, het ECD en de appgroep. Wat de ene dienst weet, bereikt de volgende maar half.",
        proposal: "Een groot scherm in de teamkamer dat per bewoner toont wat de volgende dienst moet weten: vallen, medicatiewijzigingen, afspraken met familie, wensen rond het levenseinde. Gevuld vanuit het ECD, zonder extra invoer. Eerst zoeken we uit of het ECD dit kan, wat het kost en of het privacyproof kan (opportunity assessment).",
        expected: "Overdracht in tien in plaats van twintig minuten, met minder gemiste informatie.",
        risks: "Privacy: het scherm mag niet zichtbaar zijn voor bezoek. Kosten en koppeling met het ECD zijn nog onbekend.",
        first_proposal: None,
        state: State::Draft,
        creator: 1,
        week: -4,
        submitted_days_ago: None,
        decided_days_ago: None,
        decider: Decider::None,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "familie",
        sit: 1,
        innovation: None,
        title: "Vast belmoment voor familie",
        problem: "De familie van mevrouw op kamer 12 belt vijf keer per dag; niemand weet wat de vorige collega al heeft gezegd. Het kost tijd en de familie krijgt steeds een ander verhaal.",
        proposal: "Familie kan dagelijks tussen 16 en 17 uur bellen met de EVV'er of de vaste collega van die dienst. Buiten dat uur noteren we de vraag en bellen we terug. Wat besproken is, komt in het familieblok in het ECD.",
        expected: "Minder telefoontjes tijdens de zorg, één lijn naar de familie.",
        risks: "Familie kan het ervaren als minder bereikbaar.",
        first_proposal: None,
        state: State::InValidation,
        creator: 0,
        week: -2,
        submitted_days_ago: None,
        decided_days_ago: None,
        decider: Decider::None,
        reason: None,
        pending: &[1],
        objection: Some((
            3,
            "We hebben dit in 2022 al geprobeerd; toen ging het mis omdat de familie het vaste belmoment als een afwijzing zag en juist vaker ging bellen buiten dat uur. Zonder afspraak mét de familie erbij stem ik niet in.",
        )),
        agree: Some(2),
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "familie",
        sit: 1,
        innovation: None,
        title: "Familieberichten op één plek in het ECD",
        problem: "Wat familie vertelt of vraagt, staat verspreid: in de rapportage, in de appgroep, op een briefje bij de telefoon. De volgende collega weet het niet.",
        proposal: "We gebruiken het familieblok in het ECD als enige plek voor contact met familie: wie belde, wat is gevraagd, wat is toegezegd. Bij de overdracht lopen we het blok na.",
        expected: "Familie hoort één verhaal; wij hoeven niet na te bellen.",
        risks: "Werkt alleen als iedereen het doet, ook de invalkrachten.",
        first_proposal: None,
        state: State::Submitted,
        creator: 2,
        week: -3,
        submitted_days_ago: Some(10),
        decided_days_ago: None,
        decider: Decider::Manager,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "familie",
        sit: 10,
        innovation: None,
        title: "Gespreksruimte los van het medicijnhok",
        problem: "De koffiekamer is ook het medicijnhok. Slecht nieuws bespreken we met familie in de gang of tussen de medicijnkarren.",
        proposal: "Het medicijnhok verhuist naar de oude linnenkamer naast de lift. De koffiekamer wordt een gespreksruimte met een deur die dicht kan.",
        expected: "Rustige gesprekken met familie; medicatie klaarzetten zonder onderbreking.",
        risks: "Er is een kleine verbouwing nodig; Facilitair moet meedoen.",
        first_proposal: None,
        state: State::Returned,
        creator: 0,
        week: -8,
        submitted_days_ago: Some(40),
        decided_days_ago: Some(27),
        decider: Decider::Manager,
        reason: Some(
            "Goed dat jullie dit oppakken. Maar weten jullie zeker dat de linnenkamer vrij is? Die gebruikt Lindehof 3 ook. Stem het af met Facilitair en Lindehof 3 en dien het dan opnieuw in.",
        ),
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "tillen",
        sit: 3,
        innovation: None,
        title: "Derde tillift voor Lindehof 1",
        problem: "In de ochtendspits staan er twee tilliften voor veertien cliënten die ermee geholpen moeten worden.",
        proposal: "Aanschaf van een derde passieve tillift voor Lindehof 1, zodat er in de ochtend drie beschikbaar zijn.",
        expected: "Minder wachten, minder tilrisico voor collega's.",
        risks: "Kosten ongeveer € 6.500; er moet een stallingsplek op de gang komen.",
        first_proposal: None,
        state: State::Declined,
        creator: 0,
        week: -12,
        submitted_days_ago: Some(78),
        decided_days_ago: Some(64),
        decider: Decider::ManagerOf(L1),
        reason: Some(
            "Ik begrijp het probleem, maar de investeringsbegroting voor dit jaar ligt vast. Kijk eerst of jullie de tilliften slimmer kunnen verdelen, bijvoorbeeld met Lindehof 4. Bij de begroting voor volgend jaar neem ik de derde tillift mee.",
        ),
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "tillen",
        sit: 3,
        innovation: None,
        title: "Tilrooster in de ochtendspits",
        problem: "In de ochtendspits staan er twee tilliften voor veertien cliënten. We wachten op elkaar en bewoners zitten te lang op de rand van het bed.",
        proposal: "Een tilrooster voor 7.00–9.30 uur: per kwartier wie welke tillift gebruikt, met de bewoners die vroeg op willen als eerste. Op maandag en donderdag lenen we tot 9 uur de tillift van Lindehof 4.",
        expected: "Geen wachttijd meer bij de tillift; bewoners op tijd aan het ontbijt.",
        risks: "Lindehof 4 moet akkoord gaan; het rooster moet mee veranderen als een bewoner verhuist.",
        first_proposal: None,
        state: State::Validated,
        creator: 1,
        week: -2,
        submitted_days_ago: None,
        decided_days_ago: None,
        decider: Decider::None,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "rust",
        sit: 18,
        innovation: None,
        title: "Rust op de huiskamer rond het avondeten",
        problem: "Bewoners met dementie worden onrustig als de tafel om half vijf gedekt wordt en er pas om zes uur gegeten wordt.",
        proposal: "We dekken de tafel pas als de maaltijd er is, om kwart voor zes. Van half vijf tot kwart voor zes is er een rustige activiteit: muziek, de krant voorlezen, handmassage. De activiteitenbegeleider helpt de eerste twee weken.",
        expected: "Minder onrust en minder valincidenten rond het avondeten.",
        risks: "De keuken moet de maaltijd op tijd leveren; anders schuift alles op.",
        first_proposal: None,
        state: State::Submitted,
        creator: 1,
        week: -1,
        submitted_days_ago: Some(3),
        decided_days_ago: None,
        decider: Decider::Manager,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "incident",
        sit: 5,
        innovation: None,
        title: "Nabespreking binnen 48 uur na een agressie-incident",
        problem: "Na een agressie-incident praten we er nooit meer over; iedereen gaat door met het rooster. Collega's lopen er weken mee rond.",
        proposal: "Na elk agressie-incident plant de dienstdoende binnen 48 uur een nabespreking van een kwartier met wie erbij was. Vaste vragen: wat gebeurde er, wat had je nodig, wat doen we de volgende keer anders? Geen schuldvraag.",
        expected: "Collega's voelen zich gesteund; we leren van incidenten in plaats van ze weg te stoppen.",
        risks: "In drukke weken schiet het erbij in; de teamleider bewaakt de 48 uur.",
        first_proposal: None,
        state: State::Done,
        creator: 0,
        week: -15,
        submitted_days_ago: Some(100),
        decided_days_ago: Some(93),
        decider: Decider::Locatie,
        reason: Some("Akkoord, voor heel Lindehof. Dit had er al lang moeten zijn."),
        pending: &[],
        objection: None,
        agree: None,
        effects: &[
            (
                "Na vier weken: vijf nabesprekingen gehouden, alle binnen 48 uur. Collega's zeggen dat ze het incident beter kunnen loslaten.",
                60,
            ),
            (
                "Afgerond: de nabespreking staat nu in het protocol agressie van Lindehof. Kwaliteit & Veiligheid neemt het over voor Beukenrode.",
                26,
            ),
        ],
        implementation: Some("Ingevoerd op alle teams van Lindehof; opgenomen in het protocol agressie."),
    },
    Script {
        circle: "invallers",
        sit: 4,
        innovation: None,
        title: "Bewonerskaart voor invalkrachten",
        problem: "Invalkrachten van het uitzendbureau kennen de gewoonten van onze bewoners niet, en wij hebben geen tijd om het uit te leggen.",
        proposal: "Per bewoner één kaart met de vijf dingen die je moet weten: gewoonten, hoe iemand aangesproken wil worden, wat onrust geeft, wat rust geeft, wie de familie is. De kaart hangt aan de binnenkant van de kastdeur en de EVV'er houdt hem bij.",
        expected: "Invalkrachten zijn sneller zelfstandig; minder onrust bij bewoners als er een onbekend gezicht is.",
        risks: "Kaarten verouderen; daarom vast punt in de MDO-voorbereiding.",
        first_proposal: None,
        state: State::Accepted,
        creator: 0,
        week: -3,
        submitted_days_ago: Some(14),
        decided_days_ago: Some(4),
        decider: Decider::ManagerOf(BA),
        reason: Some("Akkoord. Begin op Beukenrode A; in de evaluatie wil ik horen wat de invalkrachten ervan vinden."),
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "medicatie",
        sit: 6,
        innovation: None,
        title: "Eerst synchroniseren, dan aftekenen",
        problem: "Medicatie wordt in de wijk soms dubbel afgetekend omdat de app offline niet synchroniseert. Twee keer in een maand kreeg een cliënt bijna een dubbele dosis.",
        proposal: "Bij de start van elke route synchroniseert iedereen de app op het wijkkantoor. Onderweg tekenen we alleen af na een geslaagde synchronisatie; bij twijfel bellen we de collega van de vorige ronde in plaats van opnieuw af te tekenen.",
        expected: "Geen dubbele aftekeningen meer; minder bijna-incidenten met medicatie.",
        risks: "Slecht bereik in De Esch; daar is een oplossing van ICT nodig.",
        first_proposal: None,
        state: State::ImplementationPlanned,
        creator: 0,
        week: -6,
        submitted_days_ago: Some(30),
        decided_days_ago: Some(21),
        decider: Decider::ManagerOf(OC),
        reason: Some("Akkoord. Neem ICT mee voor het bereik in De Esch."),
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: Some(
            "Vanaf de eerste van de volgende maand: synchroniseren bij de start van elke route; ICT plaatst een wifi-punt in het wijkkantoor. De apotheek kijkt na vier weken mee naar de aftekenlijsten.",
        ),
    },
    Script {
        circle: "digitaal",
        sit: 2,
        innovation: None,
        title: "Opnameformulier: alles één keer invullen",
        problem: "Het nieuwe ECD vraagt drie keer dezelfde gegevens bij een opname; dat kost ons een half uur per cliënt.",
        proposal: "Samen met ICT het opnameformulier nalopen en de dubbele velden laten koppelen. Tot die tijd een spiekbrief met de velden die echt nodig zijn, en de rest later aanvullen.",
        expected: "Een half uur per opname terug voor de cliënt.",
        risks: "ICT heeft een lange wachtrij; de spiekbrief kan verouderen.",
        first_proposal: Some("Het opnameformulier inkorten tot de velden die echt nodig zijn."),
        state: State::Draft,
        creator: 0,
        week: -2,
        submitted_days_ago: None,
        decided_days_ago: None,
        decider: Decider::None,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "inwerken",
        sit: 11,
        innovation: None,
        title: "Eén vaste begeleider per stagiaire per week",
        problem: "Stagiaires krijgen elke dag een andere begeleider. Niemand weet waar ze staan en ze durven niets te vragen.",
        proposal: "Elke stagiaire heeft per week één vaste begeleider die in het rooster staat. Is die er niet, dan is er een vaste tweede.",
        expected: "",
        risks: "",
        first_proposal: None,
        state: State::Draft,
        creator: 0,
        week: -1,
        submitted_days_ago: None,
        decided_days_ago: None,
        decider: Decider::None,
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
    Script {
        circle: "rooster",
        sit: 8,
        innovation: None,
        title: "Ruilen via de roosterapp",
        problem: "De planning wordt op vrijdagmiddag rondgestuurd; wie ruilen wil moet het zelf in een appgroep regelen. Planning ziet de ruil pas als het rooster al niet meer klopt.",
        proposal: "Ruilverzoeken gaan via de roosterapp in plaats van de appgroep. Planning & Roostering keurt ze binnen een werkdag goed of af, en het rooster gaat op donderdag in plaats van vrijdag uit.",
        expected: "Een rooster dat klopt met wie er is; minder appjes in het weekend.",
        risks: "Niet iedereen kan goed met de app overweg; een korte uitleg per team is nodig.",
        first_proposal: None,
        state: State::Submitted,
        creator: 0,
        week: -3,
        submitted_days_ago: Some(12),
        decided_days_ago: None,
        decider: Decider::ManagerOf(PR),
        reason: None,
        pending: &[],
        objection: None,
        agree: None,
        effects: &[],
        implementation: None,
    },
];

impl Gen {
    /// The story circles, placed before the generated ones.
    pub(super) fn story_circles(&mut self) {
        let mut taken: HashMap<&'static str, Vec<i64>> = HashMap::new();
        // Weeks a later circle needs for itself, kept free in the circle it alternates with.
        let mut reserved: HashMap<&'static str, Vec<i64>> = HashMap::new();
        for sc in CIRCLES {
            if let Some(k) = sc.alternates {
                let weeks = SCRIPTS.iter().filter(|s| s.circle == sc.key).map(|s| s.week);
                reserved.entry(k).or_default().extend(weeks.chain(sc.now.iter().copied()));
            }
        }
        for sc in CIRCLES {
            let mut members = Vec::new();
            for who in sc.members {
                let p = match who {
                    Who::Pro => self.personas.pro,
                    Who::Unit(u) => self.story_member(u, &members),
                };
                members.push(p);
            }
            let mut invited = Vec::new();
            for who in sc.invited {
                let p = match who {
                    Who::Pro => self.personas.pro,
                    Who::Unit(u) => self.story_member(u, &members),
                };
                invited.push(p);
            }
            for &p in members.iter().chain(&invited) {
                self.people[p].circles += 1;
            }
            let scripts: Vec<&Script> = SCRIPTS.iter().filter(|s| s.circle == sc.key).collect();
            let mut weeks = if sc.stalled {
                // Seven good weeks, then nothing for eight weeks and more.
                vec![-16, -15, -14, -12, -11, -10, -9]
            } else {
                self.active_weeks(sc.start, None)
            };
            let own: Vec<i64> = scripts.iter().map(|s| s.week).chain(sc.now.iter().copied()).collect();
            // A circle this one alternates with keeps its own weeks; this one takes the others.
            let other: Vec<i64> = sc.alternates.and_then(|k| taken.get(k).cloned()).unwrap_or_default();
            let kept_free = reserved.get(sc.key).cloned().unwrap_or_default();
            weeks.retain(|w| !other.contains(w) && !kept_free.contains(w));
            if reserved.contains_key(sc.key) {
                // Leave room for the circle that alternates with this one.
                weeks.retain(|w| own.contains(w) || self.rng.gen_bool(0.6));
            }
            weeks.extend(own);
            weeks.sort_unstable();
            weeks.dedup();
            taken.insert(sc.key, weeks.clone());
            for &si in sc.sits {
                self.sit_use[si] += 1;
            }
            self.circles.push(CircleB {
                name: sc.name.to_string(),
                purpose: sc.purpose.to_string(),
                open: sc.open,
                members,
                invited,
                sits: sc.sits.to_vec(),
                start_week: sc.start,
                weeks,
                time: chrono::NaiveTime::parse_from_str(sc.time, "%H:%M").unwrap_or_default(),
                place: sc.place.to_string(),
                scripted: !scripts.is_empty(),
                focus: scripts.iter().map(|s| (s.week, s.sit)).collect(),
                story: Some(sc.key),
            });
        }
    }

    /// A local moment `days` ago, at a working hour.
    fn days_ago(&self, days: i64, h: u32, m: u32) -> i64 {
        let d = self.now_local.date() - chrono::Duration::days(days);
        self.ts_of(d.and_hms_opt(h, m, 0).unwrap_or_default()).min(self.now - HOUR)
    }

    pub(super) fn story_proposals(&mut self, outs: &HashMap<&'static str, CircleOut>) {
        for s in SCRIPTS {
            let Some(out) = outs.get(s.circle) else {
                continue;
            };
            let Some(week) = out.weeks.iter().find(|w| w.week == s.week) else {
                continue;
            };
            let created = week.sessions[2.min(week.sessions.len() - 1)].ts + 45 * 60;
            let member = |k: usize| out.members[k.min(out.members.len() - 1)];
            let decider = match s.decider {
                Decider::None => None,
                Decider::Manager => Some(self.people[self.personas.manager].id),
                Decider::Locatie => Some(self.people[self.personas.locatie].id),
                Decider::ManagerOf(unit) => {
                    let u = self.unit_named(unit);
                    self.units[u].manager.map(|m| self.people[m].id)
                }
            };
            let text = PText {
                title: s.title.to_string(),
                problem: s.problem.to_string(),
                proposal: s.proposal.to_string(),
                expected: s.expected.to_string(),
                risks: s.risks.to_string(),
            };
            let mut texts = Vec::new();
            if let Some(first) = s.first_proposal {
                texts.push(PText { proposal: first.to_string(), ..text.clone() });
            }
            texts.push(text);
            let spec = PSpec {
                circle_id: out.id,
                members: out.members.clone(),
                situation: out.sit_ids.get(&s.sit).copied(),
                innovation: s.innovation.is_some(),
                phase: s.innovation.unwrap_or(Phase::Vision),
                texts,
                state: s.state,
                creator: member(s.creator),
                created,
                submitted: s.submitted_days_ago.map(|d| self.days_ago(d, 10, 15)),
                decided: s.decided_days_ago.map(|d| self.days_ago(d, 16, 40)),
                decider,
                reason: s.reason.map(str::to_string),
                pending: s.pending.iter().map(|&k| member(k)).collect(),
                objection: s.objection.map(|(k, r)| (member(k), r.to_string())),
                agree: s.agree,
                effects: s
                    .effects
                    .iter()
                    .map(|(body, d)| (body.to_string(), Some(self.days_ago(*d, 16, 30))))
                    .collect(),
                implementation: s.implementation.map(str::to_string),
                planned: true,
            };
            self.emit(spec);
        }
    }

    /// The pharmacist joins the medication circle for one upcoming session.
    pub(super) fn story_guest(&mut self, outs: &HashMap<&'static str, CircleOut>) {
        let Some(out) = outs.get("medicatie") else {
            return;
        };
        let session =
            out.weeks.iter().filter(|w| w.week >= 0).flat_map(|w| &w.sessions).find(|s| !s.past && !s.cancelled);
        if let Some(s) = session {
            let guest = self.people[self.personas.guest].id;
            let at = self.now - 2 * DAY;
            self.bulk.push(self.t.guests, crate::db::bulk::row![s.id, guest, Some(out.members[0]), at]);
        }
    }
}
