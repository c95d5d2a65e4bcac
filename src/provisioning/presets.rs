//! Column presets for HR-system exports. A preset is a starting point: every column can be
//! mapped by hand, and the headers below are the ones these systems' standard exports commonly
//! carry — an administrator checks them against their own export (see docs/INTEGRATIONS.md).

use super::Field;

pub struct Preset {
    pub code: &'static str,
    pub label: &'static str,
    /// Per field, the header names it is recognised by (case and spacing do not matter).
    pub columns: &'static [(Field, &'static [&'static str])],
}

use Field::*;

pub const PRESETS: &[Preset] = &[
    Preset {
        code: "hartslag",
        label: "Hartslag",
        columns: &[
            (EmployeeNumber, &["employee_number", "personeelsnummer"]),
            (Name, &["name", "naam"]),
            (FirstName, &["first_name", "voornaam"]),
            (Prefix, &["prefix", "tussenvoegsel"]),
            (LastName, &["last_name", "achternaam"]),
            (Email, &["email", "e-mail"]),
            (JobTitle, &["job_title", "functie"]),
            (UnitCode, &["unit_code", "afdelingscode"]),
            (UnitName, &["unit_name", "afdeling"]),
            (ParentUnitCode, &["parent_unit_code", "bovenliggende afdelingscode"]),
            (ManagerNumber, &["manager_number", "personeelsnummer leidinggevende"]),
            (EndDate, &["end_date", "datum uit dienst"]),
        ],
    },
    Preset {
        code: "afas",
        label: "AFAS Profit",
        columns: &[
            (EmployeeNumber, &["medewerker", "nummer medewerker"]),
            (FirstName, &["roepnaam", "voornaam"]),
            (Prefix, &["voorvoegsel", "voorvoegsels"]),
            (LastName, &["achternaam"]),
            (Email, &["e-mail werk", "email werk"]),
            (JobTitle, &["functie", "omschrijving functie"]),
            (UnitCode, &["organisatorische eenheid", "code organisatorische eenheid"]),
            (UnitName, &["omschrijving organisatorische eenheid", "naam organisatorische eenheid"]),
            (ManagerNumber, &["leidinggevende", "medewerker leidinggevende"]),
            (EndDate, &["datum uit dienst", "einddatum contract"]),
        ],
    },
    Preset {
        code: "youforce",
        label: "Visma | Raet Youforce",
        columns: &[
            (EmployeeNumber, &["personeelsnummer", "persnr"]),
            (FirstName, &["roepnaam"]),
            (Prefix, &["voorvoegsels", "voorvoegsel"]),
            (LastName, &["achternaam", "geboortenaam"]),
            (Email, &["e-mailadres zakelijk", "e-mail zakelijk", "zakelijk e-mailadres"]),
            (JobTitle, &["functienaam", "functie"]),
            (UnitCode, &["afdelingscode", "kostenplaats"]),
            (UnitName, &["afdelingsnaam", "afdeling"]),
            (ManagerNumber, &["personeelsnummer leidinggevende", "persnr leidinggevende"]),
            (EndDate, &["datum uit dienst"]),
        ],
    },
    Preset {
        code: "nmbrs",
        label: "Nmbrs",
        columns: &[
            (EmployeeNumber, &["personeelsnummer", "werknemersnummer"]),
            (FirstName, &["voornaam", "roepnaam"]),
            (Prefix, &["tussenvoegsel"]),
            (LastName, &["achternaam"]),
            (Email, &["e-mail zakelijk", "zakelijk e-mailadres", "e-mail"]),
            (JobTitle, &["functie"]),
            (UnitCode, &["afdelingscode", "afdeling code"]),
            (UnitName, &["afdeling"]),
            (ManagerNumber, &["leidinggevende personeelsnummer", "manager"]),
            (EndDate, &["datum uit dienst", "uit dienst"]),
        ],
    },
];

pub fn find(code: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.code == code)
}
