## Hartslag — Nederlandse teksten (primaire taal)
## Woorden volgens /work/shared/concept/glossary.md.

## Algemeen en navigatie

skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
nav-my-week = Mijn week
nav-my-sessions = Mijn sessies
nav-circles = Prof-cirkels
nav-reflections = Mijn reflecties
nav-decisions = Besluiten
nav-team = Team
nav-framework = Didactisch kader
nav-circle-overview = Cirkeloverzicht
nav-admin = Beheer
logout = Uitloggen
footer-privacy = Wat in een Prof-cirkel gebeurt, zien alleen de leden. Leidinggevenden zien alleen uren en ingediende voorstellen.
save = Opslaan
delete = Verwijderen
search = Zoeken
pagination = Pagina's
page-prev = Vorige
page-next = Volgende
page-n = Pagina { $n }
week-short = wk

## Formuliervelden

field-name = Naam
field-email = E-mailadres
field-password = Wachtwoord
field-title = Titel
field-date = Datum
field-unit = Afdeling
field-job-title = Functie
field-initial-password = Eerste wachtwoord
field-new-password = Nieuw wachtwoord
field-parent-unit = Valt onder
field-manager-email = E-mailadres van de leidinggevende
password-hint = Minstens 10 tekens. Zonder wachtwoord kan deze persoon nog niet inloggen.
password-hint-keep = Laat leeg om het huidige wachtwoord te houden. Een nieuw wachtwoord heeft minstens 10 tekens.

## Rollen

role-admin = Beheerder
role-adviser = L&O-adviseur
role-guest = Gast
role-manager = Leidinggevende

## Inloggen

login-title = Inloggen
login-intro = Log in met je e-mailadres en wachtwoord.
login-button = Inloggen
login-failed = Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw.
login-refused = Dit inlogformulier kwam niet van deze inlogpagina of is verlopen, dus er is niet ingelogd. Log hieronder opnieuw in.
login-throttled = Te veel mislukte pogingen voor dit e-mailadres. Probeer het over { $minutes } { $minutes ->
    [one] minuut
   *[other] minuten
} opnieuw, of vraag je beheerder om hulp.

## API-sleutels

api-tokens-title = API-sleutels
api-tokens-link = API-sleutels
api-tokens-intro = Met een API-sleutel werkt een ander programma namens jou met Hartslag, via de JSON-API onder /api/v1. Het mag precies wat jij mag, en niet meer. Een sleutel die alleen mag lezen kan niets veranderen; elke sleutel verloopt op de gekozen datum, hoogstens een jaar na het maken.
api-tokens-mine = Jouw sleutels
api-tokens-none = Je hebt nog geen API-sleutel.
api-token-scope-label = Wat de sleutel mag
api-token-scope-read = Alleen lezen
api-token-scope-read_write = Lezen en wijzigen (stemmen, besluiten, notities, werksituaties)
api-token-created-at = Gemaakt
api-token-expires-at = Verloopt
api-token-status = Status
api-token-revoked = ingetrokken
api-token-expired = verlopen
api-token-revoke = Intrekken
api-token-new = Nieuwe sleutel
api-token-name-hint = Een naam waaraan je de sleutel later herkent, bijvoorbeeld het programma dat hem gebruikt.
api-token-days-label = Geldig
api-token-days-choice = { $days } dagen
api-token-create = Sleutel maken
api-token-created = De nieuwe sleutel:
api-token-once = Kopieer hem nu: hij wordt maar één keer getoond. Hartslag bewaart alleen een vingerafdruk ervan.
api-token-name-required = Geef de sleutel een naam, zodat je hem later herkent.
api-token-scope = Kies wat de sleutel mag: alleen lezen, of lezen en wijzigen.
api-token-days = Een sleutel is 1 tot { $max } dagen geldig.

## Foutmeldingen

error-title-not-found = Niet gevonden
error-title-forbidden = Geen toegang
error-title-conflict = Dit kan nu niet
error-title-invalid = Controleer je invoer
error-title-internal = Er ging iets mis
error-not-found = Deze pagina bestaat niet, of je hebt er geen toegang toe.
error-unauthenticated = Log eerst in om verder te gaan.
error-token-expired = Deze API-sleutel is verlopen. Maak een nieuwe op de pagina API-sleutels.
error-token-read-only = Deze API-sleutel mag alleen lezen. Gebruik voor een wijziging een sleutel die mag lezen en wijzigen.
error-forbidden = Dit kun je met jouw rol niet doen. Vraag het aan iemand die dat wel kan.
error-csrf = Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.
error-internal = Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw. Blijft het misgaan, meld het dan bij de beheerder.
error-form = Het formulier kwam niet goed aan. Laad de pagina opnieuw en probeer het nog eens.
error-json = De aanvraag bevat geen geldige JSON. Controleer de opbouw en stuur haar opnieuw.
error-text-nul = De tekst bevat een onzichtbaar teken dat Hartslag niet kan bewaren (NUL). Haal het weg, bijvoorbeeld door de tekst opnieuw te typen, en probeer het opnieuw.
error-go-back = Ga terug naar de vorige pagina, of begin opnieuw bij je week.

## Mijn week

week-decisions-waiting = { $count ->
    [one] Er wacht 1 voorstel op jouw besluit.
   *[other] Er wachten { $count } voorstellen op jouw besluit.
}
week-next-sessions = Komende sessies
week-no-sessions = Er staan geen sessies gepland.
week-votes-waiting = Wacht op jouw stem
week-no-votes = Er wacht niets op jouw stem.
week-proposals = Voorstellen van mijn Prof-cirkels

## Prof-cirkels

circles-title = Prof-cirkels
circles-invitations = Uitnodigingen
circles-mine = Mijn Prof-cirkels
circles-mine-empty = Je zit nog niet in een Prof-cirkel.
circles-open = Open Prof-cirkels
circles-open-hint = Bij een open Prof-cirkel kun je zelf aansluiten, zolang er plaats is.
circles-open-empty = Er zijn nu geen open Prof-cirkels waar je bij kunt aansluiten.
circles-find = Een Prof-cirkel zoeken
members-count = { $count ->
    [one] 1 lid
   *[other] { $count } leden
}
circle-start = Prof-cirkel starten
circle-start-intro = Een Prof-cirkel is een kleine groep die je zelf samenstelt. Een Vitale Weekcyclus begint vanaf { $min } leden.
circle-size-max = Er passen hoogstens { $max } leden in een Prof-cirkel.
circle-purpose = Waar willen jullie aan werken?
circle-purpose-hint = Niet verplicht. Bij een open Prof-cirkel zien collega's dit in de lijst.
circle-open = Open: collega's kunnen zelf aansluiten
circle-create = Starten
circle-invited = Je bent uitgenodigd voor deze Prof-cirkel.
circle-accept = Uitnodiging aannemen
circle-decline = Afslaan
circle-join-intro = Dit is een open Prof-cirkel. Je kunt zelf aansluiten.
circle-join = Aansluiten
circle-members = Leden
circle-members-hidden = Wie er in deze Prof-cirkel zit, zie je pas als je aansluit. Zo blijft voor iedereen, ook voor leidinggevenden, verborgen wie in welke Prof-cirkel leert.
circle-invited-tag = uitgenodigd
circle-below-min = Een Vitale Weekcyclus begint pas vanaf { $min } leden. Nodig eerst nog iemand uit.
circle-invite = Een collega uitnodigen
circle-invite-email = E-mailadres van je collega
circle-invite-send = Uitnodigen
circle-weeks = Actieve weken
circle-weeks-empty = Er zijn nog geen actieve weken gepland.
circle-all-weeks = Alle actieve weken
circle-leave = Prof-cirkel verlaten
circle-leave-confirm = Je bent dan geen lid meer en ziet de inhoud van deze Prof-cirkel niet meer. De leden kunnen je later opnieuw uitnodigen.
circle-name-required = Geef de Prof-cirkel een naam.
circle-purpose-too-long = Het doel mag hoogstens { $max } tekens lang zijn. Maak de tekst korter.
circle-full = Deze Prof-cirkel zit vol: er passen hoogstens { $max } leden in, openstaande uitnodigingen meegeteld.
circle-already-member = Je bent al lid van deze Prof-cirkel.
invite-unknown-colleague = Er is geen actieve collega met dit e-mailadres. Controleer het adres.
invite-already-member = Deze collega is al lid van de Prof-cirkel.
invite-already-invited = Deze collega is al uitgenodigd.

## Cirkeloverzicht (L&O-adviseur)

overview-title = Cirkeloverzicht
overview-intro = Aantallen per Prof-cirkel: leden en actieve weken. De inhoud van de Prof-cirkels zie je hier niet. Een Prof-cirkel met minder dan { $min } leden staat hier niet apart, want dan zou je zien wanneer een paar bekende mensen leerden: de kleinere cirkels tellen samen mee in één regel, en alleen als ze samen minstens { $min } leden hebben.
overview-small-circles = Kleinere cirkels samen ({ $count })
overview-empty = Er zijn nog geen Prof-cirkels om hier te tonen.
overview-size = Leden
overview-active-weeks = Actieve weken
overview-last-week = Laatste actieve week

## Vitale Weekcyclus

cycle-title = Vitale Weekcyclus
cycle-plan = Actieve week plannen
cycle-plan-intro = { $count ->
    [one] De week krijgt 1 sessie van { $minutes } minuten, op maandag.
   *[other] De week krijgt { $count } sessies van { $minutes } minuten, vanaf maandag elke dag op hetzelfde tijdstip.
} Je kunt elke sessie daarna nog verzetten.
cycle-week = Week
cycle-week-hint = Kies een dag in de week. De cyclus begint op de maandag van die week.
cycle-time = Tijd
cycle-place = Plaats
cycle-plan-button = Week plannen
cycle-sessions = Sessies
cycle-choices = Materiaal voor deze week
cycle-choose-situations = Welke werksituaties nemen jullie deze week?
cycle-choose-questions = Welke leidende vragen staan deze week centraal?
cycle-save-choices = Keuzes opslaan
cycle-week-invalid = Vul een geldige datum in.
cycle-time-invalid = Vul een geldige tijd in, bijvoorbeeld 14:00.
cycle-place-too-long = De plaats mag hoogstens { $max } tekens lang zijn.
cycle-week-taken = Voor deze week is al een Vitale Weekcyclus gepland. Kies een andere week of open de geplande week.
cycle-question-unknown = Een gekozen vraag staat niet in het didactisch kader van deze week. Laad de pagina opnieuw en kies opnieuw.
cycle-situation-unknown = Deze werksituatie hoort niet bij deze Prof-cirkel. Laad de pagina opnieuw en kies opnieuw.
sessions-count = { $count ->
    [one] 1 sessie
   *[other] { $count } sessies
}

## Sessie

session-n = Sessie { $n }
minutes-n = { $n ->
    [one] 1 minuut
   *[other] { $n } minuten
}
session-cancelled = Vervalt
session-change = Tijd of plaats wijzigen
session-cancel = Deze sessie vervalt
session-guest-notice = Je bent als gast uitgenodigd voor deze ene sessie. De rest van de Prof-cirkel zie je niet.
guest-created = Er is een gastaccount aangemaakt. Geef de gast zelf dit wachtwoord door: { $password } — je ziet het maar één keer.
session-material = Materiaal van deze week
session-no-situations = Er zijn voor deze week nog geen werksituaties gekozen.
session-week-questions = Leidende vragen van deze week
session-steps = Stappen van deze sessie
step-n = Stap { $n }
step-next = Volgende stap
proposal-write-yourself = Voorstel zelf schrijven
note-shared = Gedeelde aantekeningen bij deze stap
note-save = Aantekeningen opslaan
note-saved-by = Laatst opgeslagen door { $name } op { $date }
note-conflict = Iemand anders heeft deze aantekeningen intussen opgeslagen. Jouw tekst staat hieronder. Voeg die samen met de huidige tekst en sla opnieuw op.
note-your-text = Jouw tekst
note-too-long = Aantekeningen mogen hoogstens { $max } tekens lang zijn. Maak de tekst korter.
note-personal-step = Deze stap is persoonlijk. Schrijf je antwoord als reflectie, niet als gedeelde aantekening.
attendance-title = Aanwezigheid
attendance-who = Wie was er bij?
attendance-save = Aanwezigheid opslaan
attendance-not-yet = Wie er was, vul je in vanaf de dag van de sessie zelf.
attendance-unknown-person = Alleen leden en gasten van deze sessie kun je als aanwezig aanvinken. Laad de pagina opnieuw.
guests-title = Gasten
guests-empty = Er zijn geen gasten bij deze sessie.
guest-invite = Gast uitnodigen
guest-invite-hint = Een gast doet alleen mee aan deze ene sessie. Een collega vind je via het eigen e-mailadres; iemand van buiten krijgt een gastaccount.
guest-already-invited = Deze persoon is al uitgenodigd voor deze sessie.

## Stappen van een sessieframe

step-choose = Kiezen
step-analyse = Analyseren
step-problem = Probleemstelling
step-explore = Verkennen
step-brainstorm = Brainstormen
step-ai = Concept door AI
step-evaluate = Toetsen
step-validate = Valideren
step-learn = Leren
step-embed = Borgen

## Werksituaties

situations-title = Werksituaties
situations-empty = Er zijn nog geen werksituaties.
situations-all = Alle werksituaties
situation-new = Werksituatie toevoegen
situation-new-intro = Beschrijf een echte situatie uit je werk: wat gebeurde er, wie waren erbij en wat maakte het lastig of belangrijk?
situation-title = Titel
situation-title-hint = Kort en herkenbaar, bijvoorbeeld: Overdracht van laat- naar nachtdienst.
situation-description = Beschrijving
situation-kind = Soort
situation-kind-work_process = Werkproces
situation-kind-business_process = Bedrijfsproces
situation-kind-characteristic = Kenmerk van het werk
situation-critical = Kritiek
situation-critical-check = Dit is een kritieke werksituatie
text-too-long = Deze tekst is { $length } tekens lang; hoogstens { $max } kan. Maak hem korter.
situation-title-required = Geef de werksituatie een titel.
situation-description-required = Beschrijf de werksituatie: wat gebeurde er, en wat maakte het lastig?
situation-kind-invalid = Kies een soort werksituatie uit de lijst.

## Voorstellen

proposals-title = Voorstellen
proposals-empty = Er zijn nog geen voorstellen.
proposals-all = Alle voorstellen
proposal-new = Nieuw voorstel
proposal-edit = Voorstel bewerken
proposal-from-situation = Voorstel maken bij deze werksituatie
proposal-for-situation = Bij werksituatie: { $title }
proposal-edit-resets-votes = Als je de tekst wijzigt, vervallen de stemmen en begint het valideren opnieuw.
proposal-edit-conflict = Iemand anders heeft dit voorstel intussen gewijzigd. Jouw tekst staat hieronder. Voeg die samen met de huidige tekst en sla opnieuw op.
proposal-kind = Soort voorstel
kind-improvement = Verbetervoorstel
kind-innovation = Innovatievoorstel
proposal-field-title = Titel
proposal-field-problem = Probleem of kans
proposal-field-proposal = Voorstel
proposal-field-effect = Verwacht effect
proposal-field-risks = Risico's en aandachtspunten
proposal-text = Tekst van het voorstel
proposal-start-validation = Ter validatie voorleggen
proposal-back-to-draft = Terug naar concept
proposal-title-required = Geef het voorstel een titel.
proposal-text-required = Beschrijf het voorstel.
proposal-field-too-long = Een veld mag hoogstens { $max } tekens lang zijn. Maak de tekst korter.
proposal-kind-invalid = Kies verbetervoorstel of innovatievoorstel.
proposal-not-editable = Dit voorstel is ingediend en kan niet meer worden bewerkt.
proposal-transition-not-allowed = Deze stap kan niet in de huidige stand van het voorstel. Laad de pagina opnieuw om de actuele stand te zien.
proposal-changed-meanwhile = Het voorstel is intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.
proposal-decider-unknown = Kies een beslisser uit de lijst met leidinggevenden.

## Fasen van een innovatievoorstel

phase-label = Fase
phase-advance = Naar de volgende fase
phase-vision = Visie en verbeelding
phase-opportunity_assessment = Kansbeoordeling
phase-preparation = Voorbereiding en exploitatie
phase-not-innovation = Alleen een innovatievoorstel heeft fasen.
phase-last = Dit voorstel is al in de laatste fase.

## Valideren

validation-title = Valideren
validation-rule = Regel: { $rule }.
validation-count = Eens: { $agree } van { $members }. { $object ->
    [0] Geen bezwaren.
    [one] 1 bezwaar.
   *[other] { $object } bezwaren.
}
vote-agree = Eens
vote-object = Bezwaar
vote-cast = Jouw stem
vote-change = Je stem wijzigen
vote-reason = Toelichting
vote-reason-hint = Verplicht bij bezwaar: zeg wat er anders moet.
vote-submit = Stem opslaan
vote-choice-invalid = Kies eens of bezwaar.
vote-reason-too-long = De toelichting mag hoogstens { $max } tekens lang zijn.
vote-reason-required = Geef bij een bezwaar een toelichting, zodat de groep weet wat er anders moet.
vote-not-open = Over dit voorstel wordt nu niet gestemd.
votes-earlier = Stemmen bij eerdere versies
revision-n = Versie { $n }
revisions-title = Eerdere versies

## Validatieregels

rule-two-thirds-no-objection = Twee derde is het eens en niemand maakt bezwaar
rule-majority-no-objection = De helft of meer is het eens en niemand maakt bezwaar
rule-unanimous = Iedereen is het eens
rule-two-thirds = Twee derde is het eens; een bezwaar houdt het niet tegen
rule-custom = Eigen regel van de organisatie

## Indienen

submit-title = Indienen
submit-intro = Het voorstel is gevalideerd. Kies wie erover beslist. De beslisser ziet de ingediende tekst, niet jullie stemmen of eerdere versies.
submit-no-managers = Er is nog geen leidinggevende om bij in te dienen. Vraag de beheerder om leidinggevenden aan afdelingen te koppelen.
submit-decider = Beslisser
submit-button = Indienen

## Besluit

decision-title = Besluit
decision-decider = Beslisser: { $name }
decision-choose = Jouw besluit
decision-accept = Aannemen
decision-return = Terugsturen voor aanpassing
decision-decline = Afwijzen
decision-reason = Toelichting
decision-reason-hint = Verplicht als je afwijst of terugstuurt. De Prof-cirkel leest je toelichting.
decision-submit = Besluit vastleggen
decision-invalid = Kies aannemen, terugsturen of afwijzen.
decision-reason-required = Geef een toelichting als je een voorstel afwijst of terugstuurt.
decisions-intro = Voorstellen die bij jou zijn ingediend. Je ziet de ingediende tekst en wat er daarna gebeurt, niet hoe de Prof-cirkel ertoe kwam.
decisions-waiting = Wacht op jouw besluit
decisions-none-waiting = Er wacht niets op jouw besluit.
decisions-since = Ingediend op { $date }
decisions-decided = Eerder besloten
decisions-none-decided = Je hebt nog geen besluiten genomen.

## Uitvoering en effect

implementation-title = Uitvoering
implementation-plan = Uitvoering plannen
implementation-start = Uitvoering starten
implementation-complete = Uitvoering afronden
effect-title = Effect
effect-empty = Er zijn nog geen aantekeningen over het effect.
effect-add = Wat merk je van het effect?
effect-note-required = Schrijf op wat je van het effect zag.
effect-not-yet = Het effect kun je pas vastleggen als het voorstel is aangenomen.

## Verloop van een voorstel

history-title = Verloop
history-someone = Iemand
history-created = { $name } maakte het voorstel aan
history-edited = { $name } wijzigde de tekst
history-edit = { $name } wijzigde de tekst
history-phase = { $name } bracht het voorstel naar de fase { $phase }
history-start_validation = { $name } legde het voorstel ter validatie voor
history-back_to_draft = { $name } zette het voorstel terug naar concept
history-validated = { $name } stemde als laatste in; het voorstel is gevalideerd
history-validation_reopened = Door de stem van { $name } is het voorstel niet langer gevalideerd
history-submit = { $name } diende het voorstel in
history-submit-to = { $name } diende het voorstel in bij { $decider }
history-accept = { $name } nam het voorstel aan
history-decline = { $name } wees het voorstel af
history-return = { $name } stuurde het voorstel terug naar de groep
history-plan_implementation = { $name } plande de uitvoering
history-start_implementation = { $name } startte de uitvoering
history-complete = { $name } meldde de uitvoering als afgerond
event-votes-reset = de stemmen zijn vervallen

## Stand van een voorstel

state-draft = Concept
state-in_validation = Wordt gevalideerd
state-validated = Gevalideerd
state-submitted = Ingediend
state-accepted = Aangenomen
state-declined = Afgewezen
state-returned = Teruggestuurd
state-implementation_planned = Uitvoering gepland
state-in_progress = In uitvoering
state-done = Uitgevoerd

## Reflecties

reflections-title = Mijn reflecties
reflection-private = Je reflecties zijn alleen voor jou. Je Prof-cirkel en je leidinggevende kunnen ze niet lezen.
reflection-write = Nieuwe reflectie
reflection-save = Reflectie opslaan
reflections-empty = Je hebt nog geen reflecties geschreven.
reflection-session = bij een sessie
reflection-required = Schrijf je reflectie op.

## Team (leidinggevende)

team-intro = Per teamlid zie je alleen hoeveel van de toegekende uren per actieve week zijn benut. Van de inhoud van de Prof-cirkels zie je niets.
team-empty = Er zijn geen teamleden in de afdelingen waar je leidinggevende van bent.
team-caption = Leertijd per week in uren: benut / toegekend

## Didactisch kader

framework-title = Didactisch kader
framework-intro = De leidende vragen en sessieframes die Prof-cirkels in hun Vitale Weekcyclus gebruiken. Elke wijziging wordt een nieuwe versie; al geplande weken houden hun versie.
framework-edit = Kader bewerken
framework-edit-intro = Je bewerkt versie { $version }. Opslaan maakt een nieuwe versie; al geplande weken houden hun versie.
framework-version = Versie { $version }
framework-versions = Versies
framework-questions = Leidende vragen
framework-questions-hint = Maak een vraag in beide talen leeg om haar te laten vervallen.
framework-question = Vraag
framework-phase = Fase
framework-frames = Sessieframes
framework-frames-hint = Eén stap per regel: soort, dubbele punt, vraagnummers. Bijvoorbeeld: analyse: 2, 3. Soorten: { $kinds }.
framework-frame = Sessieframe
framework-steps = Stappen
framework-save-version = Opslaan als nieuwe versie
framework-questions-count = Een kader heeft minstens 1 en hoogstens 30 leidende vragen.
framework-question-number = Elke vraag heeft een eigen nummer van 1 of hoger. Controleer de nummers.
framework-question-text = Vraag { $no } heeft een Nederlandse tekst nodig van hoogstens 500 tekens; de fase heeft hoogstens 60 tekens.
framework-frames-count = Een kader heeft minstens 1 en hoogstens 7 sessieframes.
framework-frame-invalid = Elk sessieframe heeft een Nederlandse titel van hoogstens 120 tekens en minstens één stap.
framework-step-kind = "{ $kind }" is geen bekende soort stap. Kies een soort uit de lijst onder Sessieframes.
framework-step-unknown-question = Een stap verwijst naar vraag { $no }, maar die vraag bestaat niet.
framework-concurrent-edit = Iemand anders heeft intussen een nieuwe versie opgeslagen. Laad de pagina opnieuw en breng je wijzigingen opnieuw aan.

## Instellingen

settings-title = Instellingen
settings-intro = Standaarden voor de Vitale Weekcyclus en de Prof-cirkels in de organisatie.
settings-sessions-per-week = Sessies per actieve week
settings-session-minutes = Minuten per sessie
settings-granted-hours = Toegekende leertijd per actieve week, in uren
settings-circle-min = Minimaal aantal leden per Prof-cirkel
settings-circle-max = Maximaal aantal leden per Prof-cirkel
settings-validation-rule = Wanneer is een voorstel gevalideerd?
settings-sessions-range = Kies 1 tot en met 7 sessies per week.
settings-minutes-range = Kies 15 tot en met 240 minuten per sessie.
settings-granted-range = Vul 0 tot en met 40 uur in, bijvoorbeeld 4 of 2,5.
settings-circle-size-range = Het minimum ligt tussen 2 en 12; het maximum tussen het minimum en 12.
settings-rule-unknown = Kies een regel uit de lijst.

## Beheer

admin-title = Beheer
admin-people = Mensen
admin-search = Zoek op naam of e-mailadres
admin-no-people = Geen mensen gevonden.
admin-roles = Rollen
admin-inactive = inactief
admin-active = Actief (kan inloggen)
admin-new-person = Persoon toevoegen
admin-create-person = Persoon toevoegen
admin-units = Afdelingen
admin-no-units = Er zijn nog geen afdelingen.
admin-people-count = Mensen
admin-new-unit = Afdeling toevoegen
admin-create-unit = Afdeling toevoegen
admin-keep-own-role = Je kunt je eigen beheerdersrol niet uitzetten en jezelf niet op inactief zetten. Vraag dat aan een andere beheerder.
unit-people-count = { $count ->
    [one] 1 persoon
   *[other] { $count } mensen
}
unit-name-required = Geef de afdeling een naam.
unit-parent-unknown = Deze afdeling bestaat niet. Kies een afdeling uit de lijst.
unit-parent-cycle = Een afdeling kan niet onder zichzelf of onder een van haar eigen onderdelen vallen.
unit-manager-unknown = Er is niemand met dit e-mailadres in de organisatie. Voeg de leidinggevende eerst toe als persoon.
person-name-required = Vul een naam in.
job-title-too-long = De functie mag hoogstens { $max } tekens lang zijn.
email-invalid = Vul een geldig e-mailadres in, zoals naam@organisatie.nl.
email-taken = Er is al iemand met dit e-mailadres.
password-too-short = Kies een wachtwoord van 10 tot 200 tekens dat niet uit één herhaald teken bestaat.
org-slug-taken = Deze korte naam voor de organisatie is al in gebruik. Kies een andere.

admin-organisation = Organisatie
org-name-required = Geef de organisatie een naam.

## Learning time
nav-time = Mijn leertijd
time-title = Mijn leertijd
time-title-of = Leertijd van { $name }
time-intro = Hoeveel van de toegekende leertijd je hebt benut, uit je aanwezigheid bij sessies. Tijd wordt toegekend in weken waarin een van je Prof-cirkels een actieve week heeft.
time-intro-manager = Alleen benutte en toegekende uren, uit de aanwezigheid. Wat er in de sessies gebeurt, zie je niet.
time-granted-per-week = Toegekend per actieve week: { $hours } uur.
time-per-month = Per maand
time-per-week = Per week
time-month = Maand
time-week = Week
time-used-of-granted = Benut / toegekend (uren)
time-grant-title = Leertijd toekennen
time-grant-hours = Uren per actieve week voor deze medewerker
time-grant-hint = Laat leeg voor de standaard van de organisatie.

## Learning path
nav-path = Mijn leertraject
path-title = Mijn leertraject
path-intro = Je ontwerpt je eigen leertraject: periode, actieve weken, je talenten en doelen in je eigen woorden, de leidende vragen waaraan je wilt werken en formeel leren dat je zelf kiest. Het is van jou: per onderdeel bepaal je wat je leidinggevende mag zien.
path-progress = Voortgang uit je eigen gegevens
path-active-weeks = Actieve weken gehouden
path-hours-used = Leertijd benut (uren)
path-reflections = Reflecties geschreven
path-proposals = Voorstellen waaraan je bijdroeg
path-formal = Formeel leren
path-formal-empty = Nog geen formeel leren gekozen.
path-milestones = Mijlpalen
path-milestones-empty = Nog geen mijlpalen.
path-milestone = Mijlpaal
path-add-item = Formeel leren of een mijlpaal toevoegen
path-item-kind = Soort
path-provider = Aanbieder
path-hours = Uren (optioneel)
path-link = Link
path-due = Datum (optioneel)
path-done = afgerond
path-undone = toch niet afgerond
hours-short = uur
path-plan = Je plan
path-start = Begin je leertraject
path-starts = Begint op
path-ends = Eindigt op
path-planned-weeks = Geplande actieve weken
path-talents = Talenten
path-goals = Doelen en leervragen
path-questions = Leidende vragen waaraan je wilt werken
path-share = Delen met je leidinggevende
path-share-hint = Niets is gedeeld tenzij je het aanvinkt. Je reflecties deel je nooit automatisch.
path-share-plan = Mijn plan (periode, talenten, doelen)
path-share-progress = Mijn voortgang (actieve weken, reflecties geteld, voorstellen)
path-share-items = Mijn formeel leren en mijlpalen
path-shared-title = Gedeeld leertraject
path-nothing-shared = Deze medewerker deelt (nog) niets van het leertraject.
path-planned-n = { $n } actieve weken gepland
path-dates-invalid = Kies een begin- en einddatum; het traject duurt minstens een week en hoogstens drie jaar.
path-weeks-invalid = Het aantal actieve weken moet tussen 1 en het aantal weken van de periode liggen.
path-goals-required = Schrijf je doelen op.
path-text-too-long = Deze tekst is te lang (hoogstens { $max } tekens).
path-item-title-required = Geef een titel.
path-link-invalid = Een link begint met https:// of http://.
path-hours-invalid = Vul het aantal uren in als getal, bijvoorbeeld 8 of 2,5.
path-edit-conflict = Je leertraject is intussen ergens anders opgeslagen. Open de pagina opnieuw en voer je wijziging nog eens in.

## Personal data rights
data-title = Mijn gegevens
data-intro = Alles wat Hartslag over jou bewaart, per onderdeel. Je kunt het ook downloaden als JSON, om mee te nemen of te laten controleren.
data-download = Download als JSON
data-none = Niets.
data-format = Formaat
data-exported-at = Gemaakt op
data-profile = Profiel
data-circles = Prof-cirkels
data-attendance = Aanwezigheid
data-guest-sessions = Sessies als gast
data-work-situations = Werksituaties die je schreef
data-notes-last-saved = Aantekeningen die jij het laatst opsloeg
data-reflections = Reflecties
data-proposals-created = Voorstellen die je begon
data-proposal-edits = Bewerkingen van voorstellen
data-votes = Stemmen
data-effect-notes = Effectnotities
data-decisions = Besluiten als beslisser
data-learning-paths = Leertrajecten
data-learning-path-items = Formeel leren en mijlpalen
data-api-tokens = API-sleutels
data-calendar-feed = Agenda-abonnement (aangemaakt op)
former-member = Voormalig lid
erase-title = Gegevens wissen (recht op vergetelheid)
erase-intro = Wist reflecties, leertrajecten, sessies en sleutels van deze persoon en maakt het account onbruikbaar. Wat de groep samen maakte — voorstellen, aantekeningen, stemmen — blijft bestaan, op naam van "Voormalig lid". Dit kan niet ongedaan worden gemaakt.
erase-confirm-label = Ik heb het verzoek van deze persoon en begrijp dat dit niet terug te draaien is.
erase-button = Gegevens wissen
erase-confirm = Vink aan dat je het wissen bevestigt; er is niets gewist.

## Manager accountability
manager-title = Verantwoording van { $name }
manager-intro = De leidinggevende legt ook verantwoording af: aan het team en aan de eigen leidinggevende. Over de laatste { $weeks } weken.
manager-honoured = Toegekende leertijd van het team benut
manager-decided = Voorstellen besloten
manager-median-days = Mediane tijd tot besluit (dagen)
manager-waiting = Voorstellen die nu op een besluit wachten
manager-own-figures = Mijn verantwoording aan het team
week-manager-figures = Verantwoording van je leidinggevende

## Talent-development conversation
nav-conversations = Gesprekken
conversations-title = Talentontwikkelgesprekken
conversations-intro = Een gesprek tussen jou en je leidinggevende, door een van beiden gepland. Je legt verantwoording af over benutte leertijd, voorstellen en je ontwikkeling — nooit over je leeractiviteiten. Je leidinggevende legt verantwoording af over toegekende tijd en besluiten.
conversation-with-manager = Plan een gesprek met { $name } op
conversation-with-team-member = Plan een gesprek met
conversation-schedule = Gesprek plannen
conversations-history = Eerdere en geplande gesprekken
conversations-empty = Nog geen gesprekken.
conversation-confirmed-tag = Door beiden bevestigd
conversation-title = Talentontwikkelgesprek
conversation-account-of = Verantwoording van { $name }
conversation-professional-hint = Uit de eigen gegevens: benutte leertijd, voorstellen en wat gedeeld is van het leertraject.
conversation-manager-hint = Toegekende en benutte tijd van het team, besluiten en hoe lang die duurden.
conversation-time = Leertijd benut / toegekend (laatste halfjaar)
conversation-only-you = alleen jij ziet dit
conversation-narrative = Hoe gaat mijn ontwikkeling
conversation-narrative-label = Mijn ontwikkeling, in mijn woorden
conversation-wishes = Wensen voor de komende periode
conversation-support = Ondersteuning en weggenomen obstakels
conversation-support-label = Wat ik gaf aan tijd en steun, en welke obstakels ik wegnam
conversation-agreements = Afspraken
conversation-agreements-empty = Nog geen afspraken.
conversation-agreement = Afspraak
conversation-follow-up-date = Terugkijken op (optioneel)
conversation-follow-up = terugkijken op { $date }
conversation-add-agreement = Afspraak toevoegen
conversation-confirmations = Bevestigd door
conversation-confirm = Ik bevestig dit verslag
conversation-date-invalid = Kies een geldige datum.
conversation-no-manager = Er is geen leidinggevende die deze medewerker aanstuurt; een beheerder kan dat instellen.
conversation-confirmed = Dit verslag is door beiden bevestigd en staat vast.
agreement-text-required = Schrijf de afspraak op.
data-conversations = Talentontwikkelgesprekken
data-agreements = Afspraken
error-bad-request = Dit adres of deze invoer klopt niet. Controleer de link of het formulier en probeer het opnieuw.
error-method = Deze actie kan hier niet op deze manier.
error-too-large = Wat je verstuurde is te groot.

## Cockpit
nav-cockpit = Cockpit
cockpit-title = Cockpit
cockpit-trail = Plaats in de organisatie
cockpit-intro = Hoe de organisatie leert, in cijfers. Nooit over één persoon: een maand wordt gepubliceerd als hij voorbij is en verandert daarna niet meer, en een groep met minder dan { $k } deelnemers blijft verborgen, ook als je hem door aftrekken zou willen vinden.
cockpit-refreshed = Bijgewerkt: { $at }.
cockpit-refresh = Nu bijwerken
cockpit-grain = Periode
cockpit-grain-week = Per week
cockpit-grain-month = Per maand
cockpit-grain-quarter = Per kwartaal
cockpit-group-small = Deze groep telt minder dan { $k } mensen. Daarom tonen we hier geen cijfers.
cockpit-group-protect = De cijfers van deze groep zijn verborgen: anders kon je die van een kleinere groep ernaast uitrekenen.
cockpit-headcount = Mensen
cockpit-trend = Verloop
cockpit-trend-caption = Verloop van { $unit }, per periode
cockpit-period = Periode
cockpit-participation = Deelname
cockpit-active-weeks = Actieve weken
cockpit-hours = Uren gebruikt / toegekend
cockpit-sessions = Bijgewoonde sessies
cockpit-proposals = Voorstellen
cockpit-acceptance = Aangenomen
cockpit-implementation = Uitgevoerd
cockpit-lead = Besluittijd (mediaan)
cockpit-proposals-in = Voorstellen gestart in { $period }
cockpit-by-status = Voorstellen naar status
cockpit-status = Status
cockpit-count = Aantal
cockpit-parts-in = Onderdelen in { $period }
cockpit-no-parts = Deze eenheid heeft geen onderdelen.
cockpit-parts-caption = De mensen direct in deze eenheid en elke onderliggende eenheid (met alles daaronder)
cockpit-unit = Eenheid
cockpit-csv = Download deze cijfers als CSV
cockpit-returns = Wat deze cijfers zeggen over de opbrengsten
cockpit-returns-intro = Lerend werken belooft rijke opbrengsten. Deze cijfers zeggen iets over een deel ervan; voor de rest is een scan nodig.
cockpit-how = Hoe we kleine groepen beschermen
cockpit-how-text = Een groep met minder dan { $k } mensen, of waarin minder dan { $k } mensen meededen, tonen we niet, ook niet als ‘niemand’. Een maand wordt één keer gepubliceerd, als hij voorbij is, en verandert daarna niet meer: twee versies van één cijfer zijn er dus nooit. Weken publiceren we niet. Zijn delen van een getoond totaal verborgen, dan hebben ze samen minstens { $k } deelnemers; anders verbergen we nog een deel. Een kwartaal is de som van zijn maanden en staat er alleen als elke maand er staat. Meer in docs/PRIVACY-MODEL.md.
cockpit-min-group = Kleinste groep met cijfers
cockpit-min-group-hint = Vijf of meer; nooit minder dan vijf.
cockpit-min-group-range = Vul een aantal van 5 tot en met 100 in.
cockpit-hidden-small = Verborgen: minder dan { $k } mensen of deelnemers
cockpit-hidden-protect = Verborgen om een kleine groep te beschermen
cockpit-state-open = In de maak, ingediend of teruggestuurd
cockpit-state-declined = Afgewezen
cockpit-state-accepted = Aangenomen, uitvoering loopt
cockpit-state-done = Uitgevoerd
cockpit-hidden-pending = Nog niet gepubliceerd: deze periode loopt nog
cockpit-days-upto = hoogstens { $n } dagen
cockpit-days-over = meer dan { $n } dagen
cockpit-week-short = wk
cockpit-no-unit = Zonder eenheid
cockpit-direct = Direct in { $unit }
cockpit-chart-see-table = De getallen staan in de tabel bij deze grafiek.
cockpit-chart-see-table-numbered = De staven zijn genummerd in de volgorde van de tabel eronder, die ook de getallen geeft.
cockpit-used = Gebruikt
cockpit-granted = Toegekend
cockpit-parts = Onderdelen
cockpit-csv-section = Deel
cockpit-csv-scope = Groep
cockpit-csv-period = Periode
cockpit-csv-hidden = Verborgen

return-engaged = Meer betrokken en beter gekwalificeerde professionals
return-engaged-how = Deelname, actieve weken en gebruikte uren laten zien hoeveel mensen meedoen. Of ze zich betrokkener voelen, vraagt een scan.
return-talents = Talenten beter benut
return-talents-how = Niet in deze cijfers. De scan loopbaancompetenties en de leertrajecten (alleen wat mensen zelf delen) zeggen hier meer over.
return-agility = Minder regels, meer wendbaarheid
return-agility-how = Voorstellen, het aandeel dat wordt aangenomen en uitgevoerd, en de besluittijd.
return-vitality = Werkbalans, vitaliteit en werkgeluk
return-vitality-how = Niet in deze cijfers; hiervoor is de WEB-scan (energiebronnen en taakeisen).
return-ai-use = Breed AI-gebruik en hogere productiviteit
return-ai-use-how = Nog niet in deze cijfers; de scan AI-geletterdheid geeft een eerste beeld.
return-ai-critical = Professionals die kritisch met AI leren omgaan
return-ai-critical-how = Nog niet in deze cijfers; de scan AI-geletterdheid (laag kritisch en ethisch denken).
return-inclusion = Meer inclusie en samenwerking
return-inclusion-how = Deelname per eenheid laat zien of iedereen meedoet; hoe de samenwerking is, vraagt de Leercultuurscan.
return-inventive = Een inventievere organisatie
return-inventive-how = Het aantal voorstellen en hoeveel er worden uitgevoerd.
return-culture = Een prestatiegerichte leercultuur
return-culture-how = Hiervoor is de Leercultuurscan, met zijn zes bouwstenen.
return-society = Bijdragen aan de samenleving
return-society-how = Niet te meten met deze cijfers.

## Retention
retention-title = Bewaartermijnen
retention-intro = Wat niet altijd bewaard hoeft te worden, ruimt Hartslag elk uur op volgens deze termijnen. Leeg betekent: bewaren.
retention-notes = Gedeelde sessie-aantekeningen bewaren (maanden)
retention-notes-hint = Gerekend vanaf de laatste wijziging. Voorstellen, met wat de groep besloot, blijven.
retention-departed = Gedeactiveerde accounts wissen na (maanden)
retention-departed-hint = Gewist zoals bij een verzoek: persoonlijke gegevens weg, gedeeld werk blijft op naam van "Voormalig lid".
retention-range = Vul een aantal maanden van 1 tot en met 120 in, of laat het veld leeg.

## AI
ai-label = Concept door AI
ai-panel-draft = AI-voorstel
ai-panel-critique = Kritische vriend (AI)
ai-panel-questions = Passende leidende vragen (AI)
ai-panel-path = Suggestie voor je leertraject (AI, alleen voor jou)
ai-ask-draft = Laat de AI een concept maken
ai-ask-critique = Vraag de AI om kritiek op jullie voorstel
ai-ask-questions = Vraag de AI welke vragen passen
ai-ask-path = Vraag een suggestie op basis van je reflecties
ai-ask-hint = De AI schrijft een concept, veld voor veld. Jullie beoordelen het; niets gebeurt zonder jullie.
ai-answered-by = Antwoord van: { $who }.
ai-demo-model = Dit is een klein demomodel: de tekst is zwak en soms onzin. Kijk er extra kritisch naar.
ai-which-situation = Over welke werksituatie?
ai-live-waiting = Plaats in de rij: #
ai-live-writing = De AI schrijft…
ai-stop = Stoppen
ai-live-stopped = Gestopt.
ai-asked-by = gevraagd door { $name }
ai-in-progress = De AI is hiermee bezig. Ververs de pagina om de tekst te zien.
ai-busy = De AI heeft het nu te druk. Probeer het over een paar minuten opnieuw.
ai-failed = Het lukte de AI niet om te antwoorden. Probeer het later opnieuw of vraag de beheerder de instelling te controleren.
ai-interrupted = Dit verzoek is onderbroken: de server die eraan werkte, is gestopt. Vraag het gerust opnieuw.
ai-drew-on = Gebruikt: { $n } { $n ->
    [one] eerder voorstel
   *[other] eerdere voorstellen
} uit de organisatie over een vergelijkbare situatie.
ai-cut-short = afgebroken op de lengtegrens
ai-left-machine = tekst ging naar een externe dienst
ai-provenance = { $backend } · { $model } · prompt { $prompt } · { $tokens } tokens · { $ms } ms · invoer { $hash }
ai-take-over = Neem over als voorstel
ai-take-over-hint = Je past het aan voordat jullie het opslaan.
ai-questions-picked = Voorgestelde vragen
ai-field-title = Titel
ai-field-problem = Probleem
ai-field-proposal = Voorstel
ai-field-expected-effect = Verwacht effect
ai-field-risks = Risico's en aannames
ai-field-assumptions = Zwakke aannames
ai-field-missing = Wat ontbreekt
ai-field-decider-questions = Vragen van wie beslist
ai-field-questions = Antwoord
ai-field-path = Suggestie
ai-part-situation = Werksituatie
ai-part-notes = Aantekeningen
ai-part-questions = Leidende vragen
ai-off = AI staat uit in deze organisatie. Schrijf het concept samen zelf; alle andere stappen werken gewoon.
ai-no-model = AI is gekozen, maar deze server heeft geen model geladen. Vraag de beheerder; schrijf tot dan het concept samen zelf.
ai-not-allowed = De AI-server staat buiten deze machine en de beheerder heeft nog niet toegestaan dat tekst daarheen gaat.
ai-nothing-to-draft-from = Er is nog niets om een concept uit te maken: kies een werksituatie voor deze week of maak aantekeningen.
ai-situation-unknown = Die werksituatie hoort niet bij deze week.
ai-path-needs-reflections = Schrijf eerst een paar reflecties; daaruit maakt de AI een suggestie.
ai-draft-unknown = Dat AI-concept is er niet (meer), of hoort bij een andere cirkel.
ai-backend-local = lokaal model op deze server
ai-backend-external = externe dienst ({ $host })
ai-backend-server = AI-server op deze machine
ai-diff-title = AI-concept en jullie tekst
ai-diff-intro = Doorgestreept schreef de AI en namen jullie niet over; onderstreept schreven jullie zelf.
ai-form-notice = Lees het kritisch en pas het aan. Pas als jullie opslaan, wordt het jullie tekst.
ai-prompts-title = AI-prompts
ai-prompts-intro = De opdrachten die de AI krijgt, per taak en taal. Elke wijziging is een nieuwe versie; elk AI-antwoord onthoudt met welke versie het is gemaakt.
ai-prompt-kind = Taak
ai-prompt-version = versie { $n }
ai-prompt-data-rule = De tekst van de groep gaat altijd apart mee, als materiaal en nooit als opdracht.
ai-prompt-system = Rol (systeemtekst)
ai-prompt-instruction = Opdracht
ai-prompt-save = Opslaan als nieuwe versie
ai-prompt-builtin = Standaardtekst van Hartslag
ai-prompt-required = Vul de rol en de opdracht allebei in.
ai-prompt-changed = Iemand anders sloeg net een nieuwe versie op. Open de pagina opnieuw.
ai-kind-draft-title = Concept: titel
ai-kind-draft-problem = Concept: probleem
ai-kind-draft-proposal = Concept: voorstel
ai-kind-draft-effect = Concept: verwacht effect
ai-kind-draft-risks = Concept: risico's en aannames
ai-kind-critique-assumptions = Kritische vriend: aannames
ai-kind-critique-risks = Kritische vriend: risico's
ai-kind-critique-missing = Kritische vriend: wat ontbreekt
ai-kind-critique-questions = Kritische vriend: vragen van wie beslist
ai-kind-questions = Passende leidende vragen
ai-kind-path = Suggestie voor het leertraject
ai-admin-title = AI-instellingen
ai-admin-intro = Kies wie de AI-teksten maakt. Een lokaal model houdt alle tekst op deze server. Een AI-server elders krijgt tekst van werksituaties en aantekeningen: dat kies je hier bewust.
ai-admin-now = Nu: { $what }.
ai-admin-mode = Wie maakt de AI-teksten?
ai-mode-local = Lokaal model op deze server
ai-no-model-short = geen model geladen
ai-mode-openai = Een OpenAI-compatibele server (Ollama, vLLM, llama.cpp, LM Studio, Azure OpenAI, Mistral…)
ai-mode-off = Uit
ai-admin-url = Adres van de server (eindigt meestal op /v1)
ai-admin-model = Modelnaam
ai-admin-key = API-sleutel
ai-admin-key-kept = bewaard — laat leeg om te houden
ai-admin-key-clear = Sleutel verwijderen
ai-admin-key-hint = De sleutel wordt versleuteld bewaard en nooit meer getoond.
ai-admin-external = Ik sta toe dat tekst naar deze server buiten deze machine gaat
ai-admin-external-hint = Nodig voor elke server die niet op deze machine draait.
ai-admin-goes-to = Tekst gaat naar: { $host }.
ai-mode-unknown = Kies lokaal, een server of uit.
ai-url-invalid = Vul een geldig adres in dat begint met http:// of https://.
ai-model-required = Vul de naam van het model in.
ai-external-needs-consent = Deze server staat buiten deze machine. Vink aan dat je toestaat dat tekst daarheen gaat.
ai-key-too-long = Die sleutel is te lang.
ai-no-step = Deze sessie heeft geen AI-stap; vraag het concept in de sessie met de AI-stap.
ai-no-model-admin = Deze server is gestart zonder model. Start Hartslag met --ai-model (een GGUF-bestand, build met local-ai), of kies hieronder een server of Uit.

## Scans
nav-scans = Scans
week-scan-open = Er staat een scan voor je open: { $title }
scans-title = Scans
scans-mine = Voor jou open
scans-mine-empty = Er staat nu geen scan voor je open.
scans-anonymous = Je antwoorden zijn anoniem: Hartslag bewaart niet wie wat heeft geantwoord. Alleen jij ziet je eigen uitslag.
scans-runs = Scans in de organisatie
scans-runs-empty = Er is nog geen scan uitgezet. Begin met de Leercultuurscan om te zien waar jullie staan.
scans-instruments = Instrumenten
scan-new = Scan uitzetten
scan-title = Titel
scan-title-hint = Leeg laten geeft de naam van het instrument met de maand.
scan-instrument = Instrument
scan-period = Periode
scan-state = Stand
scan-responses = Antwoorden
scan-state-planned = Gepland
scan-state-open = Open
scan-state-closed = Gesloten
scan-population = Wie vullen hem in?
scan-population-org = De hele organisatie
scan-population-units = Afdelingen (met alles eronder)
scan-population-jobs = Functiegroep
scan-units-hint = Kies een of meer afdelingen (Ctrl of Cmd om er meer te kiezen).
scan-jobs-hint = Kies een of meer functies; tussen haakjes staat hoeveel mensen die functie hebben.
scan-opens = Open vanaf
scan-closes = Open tot en met
scan-new-hint = Je kunt daarna hoogstens twee rustige herinneringen sturen. Na de sluitdatum wordt gewist wie heeft geantwoord; alleen de anonieme antwoorden blijven.
scan-open = Scan openen
scan-open-until = Open tot en met { $date }.
scan-reminder-note = Herinnering: je antwoord telt mee, ook als je weinig tijd hebt.
scan-standing-sent = Ingevuld
scan-standing-saved = Bewaard, nog niet verstuurd
scan-sent-note = Dank je wel. Je uitslag staat achter de link die je na het versturen kreeg.
scan-saved-later = Je antwoorden zijn bewaard. Je kunt later verder waar je gebleven was.
scan-benchmark = Benchmark
scan-norm = Norm
scan-benchmark-share = Deel onze anonieme totalen met de benchmark van deze installatie en zie de benchmark van anderen
scan-benchmark-hint = Alleen gemiddelden per bouwsteen van gesloten scans met genoeg antwoorden worden gedeeld, nooit antwoorden of afdelingen. Een benchmark verschijnt pas als minstens drie andere organisaties meedoen.
scan-benchmark-off = Jullie delen niet met de benchmark, dus je ziet hem ook niet. Dat kun je aanzetten op de pagina Scans.
scan-benchmark-few = Nog geen benchmark: daarvoor moeten minstens { $n } andere organisaties hun totalen delen.
scan-benchmark-on = Benchmark: de middelste waarde (en de middelste helft) van { $n } andere organisaties.
scan-scale = Antwoordschaal
scan-variants = Versies per functiegroep
scan-advice = Advies
scan-upto = tot en met { $v }
scan-reverse-mark = (omgekeerd gescoord)
scan-part = Deel { $n }
scan-progress = Voortgang
scan-answered = { $n } beantwoord
scan-not-answered = nog niet beantwoord
scan-missing = Nog niet alles is beantwoord. De open vragen zijn gemarkeerd.
scan-next = Opslaan en verder
scan-back = Vorige
scan-send = Versturen
scan-later = Opslaan en later verder
scan-result = Jouw uitslag
scan-thanks = Dank je wel, je antwoorden zijn verstuurd.
scan-result-private = Alleen jij ziet deze uitslag: Hartslag bewaart je antwoorden niet bij je naam. Het adres van deze pagina is je enige sleutel; bewaar het of druk de pagina af als je hem later terug wilt zien.
scan-scale-of = schaal { $scale }
scan-no-score = Te weinig vragen beantwoord voor een score.
scan-report = Rapport
scan-reminders-sent = herinneringen: { $n } van 2
scan-min-group = groepen kleiner dan { $k } worden niet getoond
scan-remind = Herinnering sturen
scan-remind-hint = Een herinnering verschijnt alleen bij wie nog niet heeft geantwoord, op de pagina Scans. Hoogstens twee, minstens drie dagen uit elkaar.
scan-close = Scan sluiten
scan-close-confirm = Ja, sluit deze scan nu. Daarna kan niemand meer antwoorden en wordt gewist wie heeft geantwoord; dat kan niet ongedaan worden.
scan-error-confirm = Vink aan dat je de scan echt wilt sluiten.
scan-remind-from = De volgende herinnering kan vanaf { $date }.
scan-csv = Download de totalen als CSV
scan-whole-org = Hele organisatie
scan-own-org = Zonder afdeling of in kleine afdelingen
scan-own-unit = Eigen mensen van deze afdeling
scan-margin = Het gepubliceerde gemiddelde ligt met 90% zekerheid binnen { $m } van het precieze: zo blijft elk antwoord beschermd.
scan-margin-wide = Te weinig antwoorden voor een gemiddelde dat precies genoeg is om te publiceren.
scan-bands-wide = Voor de verdeling over de niveaus zijn er te weinig antwoorden om haar precies genoeg te publiceren.
scan-items-wide = Gemiddelden per vraag publiceren we pas bij meer antwoorden: nu zouden ze niet precies genoeg zijn.
scan-count-few = minder dan { $k }
scan-count-about = { $n } of meer
scan-report-after-close = De cijfers worden gepubliceerd als de scan sluit ({ $date }), één keer en met een kleine, bewuste afwijking. Zo kan niemand uit twee versies van het rapport afleiden wat één persoon antwoordde.
scan-hidden-small = Verborgen: minder dan { $k } antwoorden.
scan-hidden-protect = Verborgen, zodat een kleine groep niet uit te rekenen is.
scan-chart-title = Gemiddelde per bouwsteen
scan-chart-caption = Gemiddelde per bouwsteen op de antwoordschaal; een streep is de benchmark als die er is.
scan-distribution = Verdeling over de niveaus
scan-items = Gemiddelde per vraag
scan-compare = Vergelijking tussen afdelingen
scan-compare-hint = Alleen groepen met minstens { $k } antwoorden. Een streepje: te weinig antwoorden voor een gemiddelde dat precies genoeg is om te publiceren (elk cijfer bevat een kleine, bewuste afwijking).
scan-group = Groep
scan-trend = Verloop
scan-trend-caption = Dit instrument in eerdere scans van jullie organisatie
scan-trend-empty = Nog geen eerdere scan met dit instrument om mee te vergelijken.
scan-trend-org-only = Verloop en benchmark staan bij de hele organisatie.
scan-run = Scan
scan-print-hint = Druk deze pagina af voor een overleg: de knoppen en menu's vallen dan weg.
scan-csv-group = Groep
scan-csv-scope = Omvang
scan-csv-scope-all = met alles eronder
scan-csv-scope-own = eigen mensen
scan-csv-block = Bouwsteen
scan-csv-responses = Antwoorden
scan-csv-mean = Gemiddelde
scan-band-low = laag
scan-band-mid = midden
scan-band-high = hoog
scan-band-ok = in balans
scan-band-basic = basis
scan-band-plus = plus
scan-band-expert = expert
scan-error-instrument = Kies een instrument uit de lijst.
scan-error-variant = Kies een versie van dit instrument die erbij hoort.
scan-error-title = Geef de scan een titel.
scan-error-population = Kies wie de scan invullen.
scan-error-units = Kies minstens één bestaande afdeling.
scan-error-jobs = Kies minstens één functie uit de lijst.
scan-error-population-small = Deze scan zou minder dan { $k } mensen vragen. Kies een grotere groep: anders zijn de antwoorden tot personen terug te voeren.
scan-error-population-overlap = Deze groep verschilt maar een paar mensen van die van "{ $run }". Door de twee rapporten van elkaar af te trekken kon je dan zien wat die paar mensen antwoordden. Kies dezelfde groep, of een die minstens { $k } mensen verschilt.
scan-error-budget = Sommige mensen in deze groep zijn in { $year } al voor { $n } scans gevraagd, het meeste dat hun privacy toelaat. Kies een kleinere groep of wacht tot volgend jaar.
scan-error-dates = Kies geldige data: de sluitdatum na de startdatum en niet in het verleden, hoogstens een jaar open.
scan-error-answer = Een antwoord past niet bij deze scan. Er is niets opgeslagen.
scan-error-missing = Nog { $n } vragen zonder antwoord.
scan-error-already = Je hebt deze scan al ingevuld.
scan-error-not-open = Deze scan is nu niet open.
scan-error-reminders = Er zijn al twee herinneringen gestuurd.
scan-error-reminder-soon = De vorige herinnering is minder dan drie dagen geleden gestuurd.

## mail
mail-greeting = Hallo { $name },
mail-signature =
    Groet,
    Hartslag
mail-footer = Je krijgt dit bericht van Hartslag bij { $org }. Welke berichten je krijgt en je agenda-koppeling stel je in op { $link }
mail-invitation-subject = Uitnodiging voor de Prof-cirkel { $circle }
mail-invitation-body = { $by } nodigt je uit voor de Prof-cirkel { $circle }. Bekijk de cirkel en zeg ja of nee: { $link }
mail-reminder-subject = Herinnering: { $circle }, { $when }
mail-reminder-body = Je Prof-cirkel { $circle } komt samen voor sessie { $position } op { $when }. De sessie staat klaar: { $link }
mail-reminder-body-place = Je Prof-cirkel { $circle } komt samen voor sessie { $position } op { $when }, in { $place }. De sessie staat klaar: { $link }
mail-digest-subject = Je week in Hartslag: { $week }
mail-digest-intro = Dit staat deze week voor je klaar.
mail-digest-sessions = Je sessies:
mail-digest-no-sessions = Deze week staan er geen sessies in je agenda.
mail-digest-scans = { $count ->
    [one] Er wacht een vragenlijst op je antwoord: { $link }
   *[other] Er wachten { $count } vragenlijsten op je antwoord: { $link }
}
mail-digest-open = Naar Mijn week: { $link }
mail-scan-invitation-subject = Vragenlijst: { $title }
mail-scan-invitation-body = Je organisatie vraagt je mening in de vragenlijst "{ $title }", open tot en met { $closes }. Je antwoorden zijn anoniem: niemand kan ze aan jou koppelen, en je eigen uitkomst zie je meteen. Invullen kan in delen: { $link }
mail-scan-reminder-subject = Nog open tot en met { $closes }: { $title }
mail-scan-reminder-body = De vragenlijst "{ $title }" staat nog open tot en met { $closes } en je hebt je antwoorden nog niet verstuurd. Wat je al opsloeg, staat klaar: { $link }
mail-time-invalid = Vul een tijd in als uu:mm, bijvoorbeeld 08:00.
mail-weekday-invalid = Kies een dag van de week.
mail-block-order = Een focusblok eindigt na het begin.
mail-blocks-too-many = Er kunnen hoogstens 50 focusblokken zijn.

## calendar
calendar-name = Hartslag: mijn sessies
calendar-summary = { $circle }: sessie { $position }
calendar-description = Prof-cirkelsessie in Hartslag, in werktijd.
connections-title = Agenda en e-mail
connections-saved = Opgeslagen.
connections-link = Agenda en e-mail
calendar-feed-title = Je sessies in je eigen agenda
calendar-feed-intro = Abonneer je agenda (Outlook, Google Agenda, Apple Agenda) op dit adres. Je sessies verschijnen dan vanzelf, verplaatste sessies schuiven mee en afgelaste sessies verdwijnen.
calendar-feed-address = Adres van je agenda-abonnement
calendar-feed-subscribe = Abonneren in je agenda
calendar-feed-download = Nu downloaden (.ics)
calendar-feed-private = Dit adres is persoonlijk: wie het heeft, ziet je sessies. Deel het niet. Vermoed je dat iemand anders het heeft, maak dan een nieuw adres; het oude werkt dan meteen niet meer.
calendar-feed-rotate = Nieuw adres maken
calendar-cycle-download = In je agenda zetten (.ics)
mail-settings-title = E-mail
mail-settings-intro = Hartslag mailt alleen wat je nodig hebt: een uitnodiging voor een Prof-cirkel, een herinnering de dag voor een sessie en vragenlijsten van je organisatie. Nooit buiten werktijd of in focusblokken van je organisatie. Het weekoverzicht op maandag kun je uitzetten.
mail-settings-digest = Stuur me op maandag een weekoverzicht
mail-settings-off = Deze installatie verstuurt (nog) geen e-mail; je keuze geldt zodra dat wel zo is.

mail-admin-title = E-mail en wachtrij
mail-admin-link = E-mail, stille uren en wachtrij
mail-admin-on = Deze installatie verstuurt e-mail.
mail-admin-off = Deze installatie heeft geen SMTP-server ingesteld en verstuurt geen e-mail. Zie de handleiding voor beheerders (--smtp-url).
mail-admin-quiet = Stille uren
mail-admin-quiet-hint = Tussen deze tijden gaat er geen e-mail uit; berichten wachten tot het eind ervan. Twee gelijke tijden betekent: geen stille uren.
mail-admin-quiet-from = Stil vanaf
mail-admin-quiet-until = Stil tot
mail-admin-blocks = Focusblokken
mail-admin-blocks-hint = Vaste blokken in de week voor geconcentreerd werk. Ook dan gaat er geen e-mail uit.
mail-admin-blocks-none = Nog geen focusblokken.
mail-admin-day = Dag
mail-admin-from = Van
mail-admin-until = Tot
mail-admin-remove = Verwijderen
mail-admin-add-block = Focusblok toevoegen
mail-admin-queue = Wachtrij
jobs-waiting = Wachtend
jobs-running = Bezig
jobs-done = Klaar (laatste 30 dagen)
jobs-failed = Opgegeven
jobs-failed-list = Opgegeven taken
jobs-kind = Soort
jobs-when = Opgegeven op
jobs-attempts = Pogingen
jobs-error = Laatste fout
jobs-retry = Opnieuw proberen
weekday-1 = maandag
weekday-2 = dinsdag
weekday-3 = woensdag
weekday-4 = donderdag
weekday-5 = vrijdag
weekday-6 = zaterdag
weekday-7 = zondag

## import
import-title = Mensen en afdelingen importeren
import-link = Importeren uit het HR-systeem
import-intro = Lees een CSV-export uit je HR-systeem in. Mensen worden bijgewerkt op personeelsnummer; nieuwe mensen en afdelingen worden aangemaakt. Je ziet eerst per rij wat er zou gebeuren; pas daarna voer je het uit.
import-file = CSV-bestand
import-preset = Soort export
import-preset-hint = De kolomnamen die deze systemen in hun standaardexport gebruiken. Wijkt jouw export af, geef de kolommen dan hieronder zelf op.
import-mapping = Kolommen zelf koppelen
import-mapping-hint = Vul alleen in wat afwijkt: de kolomnaam in jouw bestand. Verplicht zijn personeelsnummer, e-mail en naam (of achternaam).
import-full = Volledige import: wie niet in het bestand staat, wordt gedeactiveerd
import-full-hint = Alleen mensen met een personeelsnummer; wie met de hand of via SCIM is toegevoegd, blijft.
import-threshold = Hoogstens zoveel procent deactiveren
import-skip-invalid = Rijen met fouten overslaan en de rest wel uitvoeren
import-dry-run = Proef draaien
import-recent = Eerdere imports
import-none = Nog geen imports.
import-applied-on = uitgevoerd op
import-cli-hint = Ook vanaf de opdrachtregel: hartslag admin import-people --org SLUG --file export.csv (voeg --apply toe om uit te voeren).
import-report-title = Import
import-dry-run-note = Dit is een proefdraai: er is nog niets veranderd.
import-full-note = Volledige import: wie niet in het bestand staat, wordt gedeactiveerd.
import-apply = Uitvoeren
import-applied = De import is uitgevoerd. Het bestand is niet bewaard.
import-already-applied = Deze import is al uitgevoerd.
import-expired = Dit bestand is na een dag niet meer bewaard. Lees het opnieuw in.
import-rows = Per rij
import-show-all = Alle rijen tonen
import-show-changes = Alleen wijzigingen en fouten tonen
import-no-changes = Geen wijzigingen.
import-line = Record en regel
import-number = Personeelsnummer
import-action = Wat er gebeurt
import-detail = Toelichting
import-more = En nog { $count } rijen; de tellingen hierboven gaan over alles.
import-back = Terug naar importeren
import-action-create = Nieuw
import-action-update = Bijwerken
import-action-unchanged = Ongewijzigd
import-action-deactivate = Deactiveren
import-action-error = Fout
import-count-rows = Rijen
import-count-created = Nieuw
import-count-updated = Bijgewerkt
import-count-unchanged = Ongewijzigd
import-count-deactivated = Gedeactiveerd
import-count-errors = Fouten
import-count-units-created = Nieuwe afdelingen
import-count-units-updated = Hernoemde afdelingen
import-preset-unknown = Deze soort export kent Hartslag niet.
import-column-missing = Het bestand heeft geen kolom "{ $column }".
import-field-unmapped = Geen kolom gevonden voor { $field }. Kies de juiste soort export of koppel de kolom zelf.
import-unreadable = Dit bestand is niet te lezen als CSV.
import-row-unreadable = Deze regel is niet te lezen.
import-number-missing = Geen personeelsnummer.
import-email-invalid = Geen geldig e-mailadres: "{ $email }".
import-number-twice = Dit personeelsnummer staat al eerder in het bestand.
import-email-twice = Het e-mailadres { $email } staat al eerder in het bestand.
import-email-taken = Het e-mailadres { $email } is al van iemand anders.
import-refused-errors = { $count ->
    [one] Er is 1 rij met een fout. Verbeter het bestand, of kies ervoor rijen met fouten over te slaan.
   *[other] Er zijn { $count } rijen met een fout. Verbeter het bestand, of kies ervoor rijen met fouten over te slaan.
}
import-refused-threshold = Deze import zou { $count } van de { $total } mensen deactiveren, meer dan { $percent }%. Klopt het bestand? Is het echt de bedoeling, verhoog dan de grens.
import-threshold-invalid = Vul een percentage in van 0 tot en met 100.
import-file-missing = Kies een bestand.
import-too-large = Het bestand is te groot (hoogstens 64 MB).
import-position = Record { $record }, regel { $line }
import-count-notices = Meldingen
import-notice = Let op
import-row-field-count = Deze rij heeft { $found } velden, de kopregel { $expected }. Staat er een { $delimiter } in een waarde zonder aanhalingstekens eromheen? De rij is niet ingelezen: anders komen waarden in de verkeerde kolom terecht.
import-field-control = De kolom "{ $column }" bevat een onzichtbaar stuurteken ({ $char }) dat Hartslag niet bewaart. Haal het weg in het HR-systeem of in het bestand.
import-number-too-long = Het personeelsnummer mag hoogstens { $max } tekens lang zijn.
import-unit-unknown = Afdelingscode { $code } is onbekend en het bestand geeft er geen afdelingsnaam bij: er komt een nieuwe afdeling met de code als naam.
import-parent-unknown = Bovenliggende afdelingscode { $code } is onbekend (niet in dit bestand en niet in Hartslag): de afdeling krijgt van deze rij geen bovenliggende afdeling.
import-manager-unknown = Personeelsnummer leidinggevende { $number } is onbekend (niet in dit bestand en niet actief in Hartslag): deze rij wijst geen leidinggevende aan.
import-end-date-unreadable = Datum uit dienst "{ $date }" is geen datum die Hartslag kan lezen (bijvoorbeeld 2026-12-31 of 31-12-2026): de datum is genegeerd.
import-cli-summary = { $rows } rijen: { $created } nieuw, { $updated } bijgewerkt, { $unchanged } ongewijzigd, { $deactivated } gedeactiveerd, { $errors } met een fout, { $notices } met een melding; afdelingen: { $units_created } nieuw, { $units_updated } hernoemd ({ $ms } ms)
import-cli-applied = Uitgevoerd.
import-cli-dry-run = Proefdraai: er is niets veranderd (voeg --apply toe om uit te voeren).
import-cli-refused = Niets uitgevoerd: { $why }
import-cli-no-org = Er is geen organisatie { $org }.
import-cli-map-syntax = --map verwacht VELD=Kolomnaam, niet { $map }
import-cli-field-unknown = Onbekend veld { $field } (bekend: { $known })
## sso
sso-login-choices = Inloggen via je organisatie
sso-login-with = Inloggen met { $label }
sso-or-password = Of log in met je e-mailadres en wachtwoord.
sso-refused-title = Inloggen is niet gelukt
sso-back-to-login = Terug naar inloggen
sso-state-invalid = Deze inlogpoging is verlopen, al gebruikt of niet in deze browser begonnen. Begin opnieuw bij de inlogpagina.
sso-provider-refused = De identiteitsprovider heeft de inlogpoging niet doorgelaten (foutcode: { $error }).
sso-not-enabled = Inloggen via de identiteitsprovider staat voor deze organisatie niet aan.
sso-provider-unavailable = De identiteitsprovider van je organisatie is nu niet bereikbaar of niet goed ingesteld. Probeer het later opnieuw of vraag je beheerder.
sso-exchange-failed = De identiteitsprovider heeft de inlogpoging niet bevestigd. Begin opnieuw; blijft dit gebeuren, vraag dan je beheerder de instellingen te controleren.
sso-token-invalid = Het bewijs van de identiteitsprovider klopt niet (ondertekening, uitgever, doelgroep, nonce of geldigheid). Er is niemand ingelogd.
sso-refused-unknown = Je bent aangemeld bij je organisatie, maar er is in Hartslag geen account voor je. Vraag je beheerder om je toe te voegen.
sso-refused-inactive = Je account in Hartslag is gedeactiveerd. Vraag je beheerder als je denkt dat dit niet klopt.
sso-refused-subject = Dit e-mailadres hoort in Hartslag bij een ander account van de identiteitsprovider. Vraag je beheerder om het na te kijken.
sso-refused-no-email = De identiteitsprovider heeft geen e-mailadres meegestuurd, en dat is nodig om je te herkennen. Vraag je beheerder om de claim email vrij te geven.
sso-refused-unverified = De identiteitsprovider meldt dat je e-mailadres niet bevestigd is. Bevestig het daar en probeer het opnieuw.
sso-refused-elsewhere = Dit e-mailadres is in Hartslag al in gebruik bij een andere organisatie. Vraag je beheerder.
sso-no-public-url = Hartslag weet zijn eigen adres niet. Start de server met HARTSLAG_PUBLIC_URL (bijvoorbeeld https://hartslag.voorbeeld.nl): de identiteitsprovider stuurt mensen daarheen terug.
sso-issuer-invalid = Vul als uitgever een https-adres in zonder vraagteken of hekje (http alleen op deze machine).
sso-client-id-invalid = De client-ID mag hoogstens 300 tekens hebben.
sso-match-invalid = Kies waarop Hartslag mensen herkent: e-mailadres of subject.
sso-scopes-invalid = Scopes zijn woorden gescheiden door spaties, samen hoogstens 300 tekens.
sso-group-invalid = Een groep of claimnaam mag hoogstens 300 tekens hebben (claimnaam 100), zonder regeleinden.
sso-groups-claim-needed = Vul ook de claim met de groepen in, anders kan Hartslag de groepen niet lezen.
sso-label-invalid = De knoptekst mag hoogstens 60 tekens hebben.
sso-secret-too-long = Het clientgeheim mag hoogstens 500 tekens hebben.
sso-enable-needs-client = Vul uitgever en client-ID in voordat je inloggen via de identiteitsprovider aanzet.
sso-discovery-unreachable = De uitgever is niet bereikbaar op dit adres.
sso-discovery-status = De uitgever antwoordt, maar niet met een discovery-document.
sso-discovery-parse = Het discovery-document van de uitgever is niet te lezen.
sso-discovery-invalid = Het discovery-document klopt niet met dit adres; let op een slash aan het eind of een ander tenant-ID.
sso-admin-title = Inloggen via identiteitsprovider (SSO)
sso-admin-intro = Mensen van je organisatie loggen in bij jullie eigen identiteitsprovider (OpenID Connect), bijvoorbeeld Microsoft Entra ID of SURFconext. Hartslag herkent hen aan hun e-mailadres of subject; accounts komen normaal uit SCIM of de CSV-import.
sso-admin-on = Inloggen via de identiteitsprovider staat aan.
sso-admin-off = Inloggen via de identiteitsprovider staat uit.
sso-check-title = Discovery getest
sso-check-ok = De uitgever publiceert een geldig discovery-document.
sso-check-no-logout = niet gepubliceerd: uitloggen beëindigt alleen de sessie in Hartslag
sso-check-keys = Sleutels voor ondertekening
sso-check-not-saved = Dit is een test; de instellingen zijn nog niet opgeslagen.
sso-register-title = Registreer Hartslag bij je identiteitsprovider
sso-register-intro = Geef deze adressen op bij de registratie van Hartslag als applicatie.
sso-redirect-uri = Redirect-URI
sso-logout-uri = Adres na uitloggen (post-logout redirect URI)
sso-issuer = Uitgever (issuer)
sso-issuer-hint = Precies zoals de identiteitsprovider het publiceert; Hartslag haalt het discovery-document op van dit adres met /.well-known/openid-configuration erachter.
sso-client-id = Client-ID
sso-client-secret = Clientgeheim
sso-secret-kept = opgeslagen — leeg laten om te bewaren
sso-secret-clear = Verwijder het clientgeheim
sso-secret-hint = Het geheim wordt versleuteld opgeslagen en nooit meer getoond.
sso-scopes = Scopes (naast openid)
sso-scopes-hint = Gescheiden door spaties, meestal: email profile.
sso-match = Hoe herkent Hartslag iemand?
sso-match-email = Aan het e-mailadres (claim email); het subject wordt bij de eerste keer vastgelegd
sso-match-sub = Aan het subject (claim sub), zoals aangeleverd via SCIM of de CSV-import
sso-groups-claim = Claim met de groepen
sso-groups-hint = Leeg laten: rollen worden niet uit de identiteitsprovider gehaald. Een lege groep hieronder laat die rol zoals hij is.
sso-admin-group = Groep voor beheerders
sso-adviser-group = Groep voor L&O-adviseurs
sso-create-people = Maak een account aan bij de eerste keer inloggen
sso-create-people-hint = Staat standaard uit. Zonder dit kunnen alleen mensen inloggen die al een account in Hartslag hebben.
sso-label = Tekst op de knop
sso-label-hint = Op de inlogpagina staat: Inloggen met … Leeg laten: de naam van de organisatie.
sso-enabled = Inloggen via de identiteitsprovider aanzetten
sso-test-discovery = Test discovery
sso-logged-out-title = Je bent uitgelogd
sso-logged-out-continue = Je bent uitgelogd bij Hartslag. Je gaat nu door naar { $label } om ook daar uit te loggen.
sso-logged-out-button = Doorgaan naar { $label }
## scim
scim-title = SCIM-koppeling
scim-admin-link = SCIM-koppeling met het identiteitssysteem
scim-intro = Met SCIM houdt het identiteitssysteem van de organisatie (zoals Microsoft Entra ID of Okta) de mensen en afdelingen in Hartslag bij: het maakt accounts aan, past ze aan en zet ze op inactief. Het systeem meldt zich met een token; maak er hier een aan en vul dat daar in, met het adres hieronder.
scim-endpoint = Adres van de SCIM-dienst:
scim-tokens = Tokens
scim-no-tokens = Er is nog geen token.
scim-created = Gemaakt
scim-last-used = Laatst gebruikt
scim-status = Status
scim-never-used = nog niet
scim-revoked = ingetrokken
scim-revoke = Intrekken
scim-new-token = Nieuw token
scim-name-hint = Een naam waaraan je het token later herkent, bijvoorbeeld het systeem dat het gebruikt.
scim-create = Token maken
scim-token-created = Het nieuwe token:
scim-token-once = Kopieer het nu: het wordt maar één keer getoond. Hartslag bewaart alleen een vingerafdruk ervan.
scim-token-name-required = Geef het token een naam, zodat je het later herkent.

## Learning records (xAPI)
xapi-admin-link = Leerregistraties (xAPI)
xapi-admin-title = Leerregistraties naar jullie LRS (xAPI)
xapi-admin-intro = Hartslag kan twee feiten naar het Learning Record Store (LRS) van je organisatie sturen, als xAPI-statements: dat iemand een sessie van een Prof-cirkel bijwoonde, en dat iemand bijdroeg aan een gevalideerd verbetervoorstel. Alleen van mensen die daar zelf toestemming voor gaven, en alleen wat na hun toestemming gebeurde. Inhoud van sessies, notities, reflecties, stemmen en leerpaden gaan nooit mee.
xapi-admin-on = De export naar het LRS staat aan.
xapi-admin-off = De export naar het LRS staat uit. Er wordt niets verstuurd en niemand wordt om toestemming gevraagd.
xapi-admin-no-public-url = Deze installatie heeft geen publiek adres (--public-url). Statements verwijzen naar Hartslag-adressen; zonder publiek adres kan de export niet aan.
xapi-admin-figures = Stand van zaken
xapi-admin-consenting = Mensen die toestemming gaven
xapi-admin-sent = Statements verstuurd
xapi-admin-waiting = Statements in de wachtrij
xapi-admin-figures-hint = Alleen aantallen: wie toestemming gaf, ziet niemand in Hartslag. Statements die het LRS weigerde, staan bij E-mail en wachtrij, met een knop om het opnieuw te proberen.
xapi-endpoint = Adres van het LRS (xAPI-basisadres)
xapi-endpoint-hint = Het adres waar /statements en /about onder hangen, bijvoorbeeld https://lrs.example.org/data/xAPI. Alleen https (http alleen naar deze machine zelf).
xapi-username = Gebruikersnaam (key)
xapi-password = Wachtwoord (secret)
xapi-password-hint = Wordt versleuteld opgeslagen en nooit meer getoond. Het LRS krijgt het bij elk verzoek via HTTP Basic-authenticatie.
xapi-password-clear = Opgeslagen wachtwoord wissen
xapi-enabled = Statements naar het LRS sturen (alleen van mensen die toestemming geven)
xapi-enabled-hint = Uitzetten, of een ander adres kiezen, gooit statements weg die nog niet verstuurd waren.
xapi-test = Verbinding testen
xapi-updated = Laatst gewijzigd:
xapi-check-title = Verbindingstest
xapi-check-reached = Het LRS antwoordt. Ondersteunde xAPI-versies:
xapi-check-credentials-ok = De gebruikersnaam en het wachtwoord worden geaccepteerd.
xapi-check-credentials-wrong = Het LRS weigert de gebruikersnaam of het wachtwoord.
xapi-check-unreachable = Het LRS is niet bereikbaar of antwoordt niet als een xAPI-LRS.
xapi-endpoint-invalid = Dat is geen bruikbaar adres voor een LRS. Gebruik een volledig https-adres zonder ? of #, bijvoorbeeld https://lrs.example.org/data/xAPI.
xapi-endpoint-https = Het LRS-adres moet met https:// beginnen: het wachtwoord gaat bij elk verzoek mee.
xapi-endpoint-missing = Vul eerst het adres van het LRS in.
xapi-credentials-invalid = De gebruikersnaam mag geen dubbele punt bevatten en niet langer zijn dan 300 tekens; het wachtwoord niet langer dan 500 tekens.
xapi-needs-public-url = De export kan alleen aan als Hartslag een publiek adres heeft (start met --public-url).
xapi-not-enabled = Je organisatie stuurt geen leerregistraties; er is niets om toestemming voor te geven.
xapi-consent-title = Leerregistraties
xapi-consent-intro = Je organisatie verzamelt leerregistraties in een eigen systeem (een LRS). Als jij dat wilt, stuurt Hartslag daar twee dingen heen, met je naam en e-mailadres:
xapi-consent-attended = dat je een sessie van een Prof-cirkel bijwoonde: wanneer, welke cirkel en hoe lang;
xapi-consent-contributed = dat je bijdroeg aan een verbetervoorstel dat je cirkel valideerde en voorlegde: de titel van het voorstel.
xapi-consent-never = Nooit wat er in een sessie gezegd is, je notities, reflecties, stemmen of je leerpad. Alleen wat gebeurt nadat je ja zegt.
xapi-consent-withdraw = Je kunt je toestemming altijd intrekken; wat nog niet verstuurd was, gaat dan niet meer weg. Wat al verstuurd is, staat in het LRS van je organisatie.
xapi-consent-receiver = Ontvanger:
xapi-consent-check = Ja, stuur mijn leerregistraties naar het LRS van mijn organisatie
xapi-consent-on = Je gaf toestemming op
xapi-consent-sent = Verstuurd:
xapi-consent-waiting = nog te versturen:

## Audit log
audit-title = Auditlog
audit-intro = Wie wat deed bij gevoelige handelingen: rollen, verwijderen van persoonsgegevens, exports, besluiten over voorstellen en koppelingen met andere systemen. Dit logboek kan niet worden gewijzigd of gewist. Inhoud van cirkels staat er nooit in.
audit-empty = Nog niets vastgelegd.
audit-when = Wanneer
audit-who = Wie
audit-what = Wat
audit-about = Over
audit-detail = Details
audit-role-change = Rol of account gewijzigd
audit-person-erased = Persoonsgegevens gewist
audit-personal-data-export = Eigen gegevens gedownload
audit-cockpit-export = Cockpitcijfers geëxporteerd (CSV)
audit-proposal-decided = Besluit over een voorstel
audit-ai-backend = AI-instellingen gewijzigd
audit-sso-settings = SSO-instellingen gewijzigd
audit-scim-token = SCIM-token aangemaakt of ingetrokken
audit-xapi-settings = xAPI-instellingen gewijzigd
audit-import-applied = HR-import toegepast
audit-retention = Bewaartermijnen gewijzigd
audit-impact-solution = Leeroplossing in het impactregister gewijzigd
audit-impact-export = Impactparameters geëxporteerd (CSV of API)
audit-impact-value = Waarde van een impactparameter ingevoerd

## Impactmeting (route C)
nav-impact = Impact
impact-title = Impact van leeroplossingen
impact-intro = Het register van leeroplossingen: de Prof-cirkelwerkwijze zelf, trainingen, programma's en mentorregelingen. Elke oplossing krijgt een meetroute en wordt in route C gemeten met de standaardparameters; een waarde voorbij de minimumstandaard is een rode vlag. Cijfers gaan altijd over groepen, nooit over één persoon.
impact-new = Nieuwe leeroplossing
impact-edit = Leeroplossing wijzigen
impact-empty = Er staan nog geen leeroplossingen in het register. Begin met de Prof-cirkelwerkwijze zelf: die meet Hartslag uit de eigen gegevens.
impact-register = Register van leeroplossingen
impact-name = Naam
impact-kind = Soort
impact-kind-circles = Prof-cirkelwerkwijze
impact-kind-training = Training
impact-kind-programme = Programma
impact-kind-mentoring = Mentorregeling
impact-kind-other = Anders
impact-description = Beschrijving
impact-owner = Eigenaar (L&O)
impact-owner-none = Nog geen eigenaar
impact-route = Meetroute
impact-route-A = A: volledige ROI-studie
impact-route-B = B: verdiepende analyse
impact-route-C = C: standaardparameters
impact-route-follow = Volg de triage (nu route { $route })
impact-route-suggested = triage stelt route { $route } voor
impact-route-reason = Waarom een andere route
impact-route-reason-hint = Nodig als je een andere route kiest dan de triage voorstelt.
impact-retired-tag = buiten gebruik
impact-retire = Buiten gebruik stellen
impact-triage-title = Triage
impact-triage-rule = Route C is de standaard. De triage stelt route A voor als strategisch gewicht én risico hoog zijn, of als een grote oplossing een hoog gewicht of hoog risico heeft; route B als gewicht of risico anders hoog is. Omvang alleen maakt geen andere route. L&O kan een andere route kiezen, met een reden.
impact-size = Omvang
impact-weight = Strategisch gewicht
impact-risk = Risico
impact-level-low = laag
impact-level-medium = middel
impact-level-high = hoog
impact-parameters = Parameters van route C
impact-parameters-intro = Hartslag berekent zijn eigen parameters uit de gepubliceerde cijfers van de cockpit: een maand wordt gepubliceerd als die voorbij is en verandert daarna niet meer, en een groep van minder dan { $k } deelnemers toont geen cijfer. Enquêteparameters komen later; de overige voert L&O in.
impact-unit = Eenheid
impact-period = Periode
impact-show = Tonen
impact-flags = Rode vlaggen (organisatie, laatste maand)
impact-no-flags = Geen rode vlaggen.
impact-flags-count = { $n ->
    [one] Eén rode vlag
   *[other] { $n } rode vlaggen
}
impact-csv = Download als CSV
impact-chart = Waarde ten opzichte van de minimumstandaard
impact-chart-desc = Per parameter met een waarde een balk: de lijn is de minimumstandaard, rechts ervan is beter. De tabel eronder geeft alle waarden.
impact-meets = voldoet
impact-flag = Rode vlag
impact-table-caption = Parameters voor { $unit }
impact-parameter = Parameter
impact-value = Waarde
impact-standard = Minimumstandaard
impact-population = Aantal mensen
impact-source = Bron
impact-iso = Type (ISO/TS 30437)
impact-level = Niveau
impact-level-n = niveau { $n }
impact-note = Toelichting
impact-csv-code = Code
impact-source-hartslag = Hartslag (cockpit)
impact-source-survey = Enquête
impact-source-entered = Ingevoerd door L&O
impact-iso-efficiency = efficiëntie
impact-iso-effectiveness = effectiviteit
impact-iso-outcome = uitkomst
impact-days = { $n } dagen
impact-flag-below = { $value } ligt onder de minimumstandaard { $standard } (periode { $period }, { $n } mensen, bron: { $source }).
impact-flag-above = { $value } ligt boven de minimumstandaard { $standard } (periode { $period }, { $n } mensen, bron: { $source }).
impact-no-data = Geen gegevens in deze periode.
impact-no-value = Nog geen waarde ingevoerd.
impact-not-measured-survey = Nog niet gemeten: de korte enquêtes komen later.
impact-not-measured-kind = Hartslag meet dit alleen voor de Prof-cirkelwerkwijze.
impact-enter = Waarde invoeren
impact-enter-intro = Voor de parameters die Hartslag niet zelf berekent. Een waarde gaat over een groep van minstens { $k } mensen, heeft een periode en een bron.
impact-period-from = Van
impact-period-to = Tot en met
impact-entered-source = Bron van de waarde
impact-entered = Ingevoerde waarden
impact-entered-empty = Nog geen waarden ingevoerd.
impact-name-required = Vul een naam in.
impact-kind-invalid = Kies een soort leeroplossing.
impact-description-too-long = De beschrijving is te lang (hoogstens { $max } tekens).
impact-reason-too-long = De reden is te lang (hoogstens { $max } tekens).
impact-owner-unknown = De eigenaar moet een L&O-adviseur van de organisatie zijn.
impact-triage-invalid = Kies laag, middel of hoog.
impact-route-invalid = Kies route A, B of C, of volg de triage.
impact-route-reason-required = Geef een reden als je een andere route kiest dan de triage voorstelt.
impact-retired = Deze leeroplossing is buiten gebruik en verandert niet meer.
impact-changed-meanwhile = Iemand anders heeft deze leeroplossing intussen gewijzigd. Open haar opnieuw en pas je wijziging daarop toe.
impact-value-parameter = Kies een parameter die L&O invoert.
impact-value-number = Vul de waarde in als getal, bijvoorbeeld 72,5.
impact-value-negative = Kosten kunnen niet negatief zijn.
impact-value-scale = De waarde ligt buiten de schaal van deze parameter ({ $min } tot en met { $max }).
impact-value-period-required = Vul de periode in: een begin- en een einddatum.
impact-value-period-date = Vul een datum in als jjjj-mm-dd.
impact-value-period-order = De periode eindigt voordat ze begint.
impact-value-period-future = De periode ligt (deels) in de toekomst: voer een waarde in als de periode voorbij is.
impact-value-population-number = Vul het aantal mensen in als heel getal.
impact-value-population-small = Een waarde gaat over minstens { $k } mensen: over een kleinere groep wordt niets vastgelegd.
impact-value-source-required = Vul in waar de waarde vandaan komt.
