//! A person as a SCIM User, and a SCIM User body as what Hartslag stores.
//!
//! | SCIM | Hartslag |
//! |---|---|
//! | `userName`, `emails[type eq "work"].value` | `people.email` (lower case; the sign-in address) |
//! | `name.formatted`, else `name.givenName name.familyName`, else `displayName` | `people.name` |
//! | `title` | `people.job_title` |
//! | `active` | `people.active` (false ends the sessions and sets `deactivated_at`) |
//! | `externalId` | `people.external_id` |
//! | enterprise `employeeNumber` | `people.employee_number` |
//! | `groups` (read-only) | the person's unit |

use serde_json::{Map, Value, json};

use super::patch::get_ci;
use super::store::UserRow;
use super::{ENTERPRISE_SCHEMA, ScimError, USER_SCHEMA, etag, rfc3339};

pub const SHAPE: super::patch::Shape =
    super::patch::Shape { core: USER_SCHEMA, extensions: &[ENTERPRISE_SCHEMA], read_only: &["id", "meta", "groups"] };

fn put(map: &mut Map<String, Value>, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        map.insert(key.into(), Value::String(v.clone()));
    }
}

/// The User document.
pub fn to_json(u: &UserRow, base: &str) -> Value {
    let mut doc = Map::new();
    let mut schemas = vec![json!(USER_SCHEMA)];
    if u.employee_number.is_some() {
        schemas.push(json!(ENTERPRISE_SCHEMA));
    }
    doc.insert("schemas".into(), Value::Array(schemas));
    doc.insert("id".into(), json!(u.id.to_string()));
    put(&mut doc, "externalId", &u.external_id);
    doc.insert("userName".into(), json!(u.email));
    // Name parts as the identity system sent them; for a person it never named (made by an
    // administrator, or renamed by one since), the name Hartslag shows as the display name —
    // so a first PATCH of givenName and familyName takes effect.
    let (formatted, given, family, display) = if u.scim_names {
        (u.formatted.clone(), u.given.clone(), u.family.clone(), u.display.clone())
    } else {
        (None, None, None, Some(u.name.clone()))
    };
    let mut name = Map::new();
    put(&mut name, "formatted", &formatted);
    put(&mut name, "familyName", &family);
    put(&mut name, "givenName", &given);
    if !name.is_empty() {
        doc.insert("name".into(), Value::Object(name));
    }
    put(&mut doc, "displayName", &display);
    if !u.job_title.is_empty() {
        doc.insert("title".into(), json!(u.job_title));
    }
    doc.insert("active".into(), json!(u.active));
    doc.insert("emails".into(), json!([{"value": u.email, "type": "work", "primary": true}]));
    if let (Some(id), Some(name)) = (u.unit_id, &u.unit_name) {
        doc.insert(
            "groups".into(),
            json!([{"value": id.to_string(), "$ref": format!("{base}/Groups/{id}"), "display": name, "type": "direct"}]),
        );
    }
    if let Some(n) = &u.employee_number {
        doc.insert(ENTERPRISE_SCHEMA.into(), json!({"employeeNumber": n}));
    }
    doc.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": rfc3339(u.created_at),
            "lastModified": rfc3339(if u.updated_at > 0 { u.updated_at } else { u.created_at }),
            "location": format!("{base}/Users/{}", u.id),
            "version": etag(u.version),
        }),
    );
    Value::Object(doc)
}

/// What a client asks Hartslag to store for a person.
#[derive(Clone, Debug, PartialEq)]
pub struct UserInput {
    pub email: String,
    pub formatted: Option<String>,
    pub given: Option<String>,
    pub family: Option<String>,
    pub display: Option<String>,
    pub title: String,
    /// `None`: not said (a new person is active; a replaced one keeps their state).
    pub active: Option<bool>,
    pub external_id: Option<String>,
    pub employee_number: Option<String>,
}

impl UserInput {
    /// The name Hartslag shows: formatted, else given and family name, else the display name,
    /// else the address.
    pub fn shown_name(&self) -> String {
        let parts: Vec<&str> = [&self.given, &self.family].into_iter().flatten().map(String::as_str).collect();
        let name = self
            .formatted
            .clone()
            .or_else(|| (!parts.is_empty()).then(|| parts.join(" ")))
            .or_else(|| self.display.clone())
            .unwrap_or_else(|| self.email.clone());
        name.chars().take(120).collect()
    }
}

/// An optional string attribute: absent, null and empty are none; too long or not a string is
/// bad input.
pub fn text(v: Option<&Value>, attr: &str, max: usize) -> Result<Option<String>, ScimError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.chars().count() > max {
                Err(ScimError::invalid_value(format!("{attr} is longer than {max} characters")))
            } else if s.is_empty() {
                Ok(None)
            } else {
                Ok(Some(s.to_string()))
            }
        }
        Some(_) => Err(ScimError::invalid_value(format!("{attr} is a string"))),
    }
}

/// A boolean, also as the strings "true"/"false" in any case (as Entra ID sends them).
pub fn boolean(v: Option<&Value>, attr: &str) -> Result<Option<bool>, ScimError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(ScimError::invalid_value(format!("{attr} is true or false"))),
    }
}

/// Reads a User body (POST, PUT, or a patched document). Read-only attributes (`id`, `meta`,
/// `groups`, `emails`) are ignored; attribute names are case-insensitive.
pub fn from_json(body: &Value) -> Result<UserInput, ScimError> {
    if !body.is_object() {
        return Err(ScimError::invalid_syntax("A User is a JSON object"));
    }
    let user_name = match get_ci(body, "userName") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        None | Some(Value::Null) | Some(Value::String(_)) => {
            return Err(ScimError::invalid_value("userName is required"));
        }
        Some(_) => return Err(ScimError::invalid_value("userName is a string")),
    };
    let email = crate::orgs::valid_email(user_name)
        .map_err(|_| ScimError::invalid_value("userName must be an e-mail address (name@example.org)"))?;
    let name = get_ci(body, "name");
    if name.is_some_and(|n| !n.is_object() && !n.is_null()) {
        return Err(ScimError::invalid_value("name is an object"));
    }
    let name_part = |k: &str| text(name.and_then(|n| get_ci(n, k)), &format!("name.{k}"), 120);
    let enterprise = get_ci(body, ENTERPRISE_SCHEMA);
    if enterprise.is_some_and(|e| !e.is_object() && !e.is_null()) {
        return Err(ScimError::invalid_value(format!("{ENTERPRISE_SCHEMA} is an object")));
    }
    Ok(UserInput {
        email,
        formatted: name_part("formatted")?,
        given: name_part("givenName")?,
        family: name_part("familyName")?,
        display: text(get_ci(body, "displayName"), "displayName", 120)?,
        title: text(get_ci(body, "title"), "title", 120)?.unwrap_or_default(),
        active: boolean(get_ci(body, "active"), "active")?,
        external_id: text(get_ci(body, "externalId"), "externalId", 255)?,
        employee_number: text(enterprise.and_then(|e| get_ci(e, "employeeNumber")), "employeeNumber", 255)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_name_prefers_formatted_then_given_and_family_then_display() {
        let body = json!({"userName": "Anna@Example.ORG", "name": {"givenName": "Anna", "familyName": "de Vries"}, "displayName": "Anna dV"});
        let u = from_json(&body).unwrap();
        assert_eq!(u.email, "anna@example.org");
        assert_eq!(u.shown_name(), "Anna de Vries");
        let u = from_json(&json!({"userName": "a@example.org", "displayName": "Anna"})).unwrap();
        assert_eq!(u.shown_name(), "Anna");
        let u =
            from_json(&json!({"userName": "a@example.org", "name": {"formatted": "Dr. A. Lid"}, "displayName": "x"}))
                .unwrap();
        assert_eq!(u.shown_name(), "Dr. A. Lid");
        assert_eq!(from_json(&json!({"userName": "a@example.org"})).unwrap().shown_name(), "a@example.org");
    }

    #[test]
    fn user_name_must_be_an_e_mail_address_and_types_must_fit() {
        for (body, why) in [
            (json!({}), "missing"),
            (json!({"userName": "anna"}), "not an address"),
            (json!({"userName": 5}), "not a string"),
            (json!({"userName": "a@example.org", "active": "ja"}), "active"),
            (json!({"userName": "a@example.org", "name": "Anna"}), "name"),
            (json!({"userName": "a@example.org", "title": "x".repeat(121)}), "title too long"),
        ] {
            let e = from_json(&body).unwrap_err();
            assert_eq!((e.status, e.scim_type), (400, Some("invalidValue")), "{why}");
        }
    }

    #[test]
    fn attribute_names_are_case_insensitive_and_booleans_may_be_strings() {
        let u = from_json(&json!({
            "USERNAME": "a@example.org", "Active": "False", "EXTERNALID": "e-1",
            ENTERPRISE_SCHEMA: {"employeenumber": "0042"}
        }))
        .unwrap();
        assert_eq!(u.active, Some(false));
        assert_eq!(u.external_id.as_deref(), Some("e-1"));
        assert_eq!(u.employee_number.as_deref(), Some("0042"));
    }
}
