//! A unit as a SCIM Group: `displayName` is the unit's name, `externalId` the identity
//! system's id for it, and `members` the people placed in it. A person is in at most one unit,
//! so adding them to a Group moves them there; removing them leaves them without a unit.

use serde_json::{Map, Value, json};

use super::patch::get_ci;
use super::store::GroupRow;
use super::users::text;
use super::{GROUP_SCHEMA, ScimError, etag, rfc3339};

pub const SHAPE: super::patch::Shape =
    super::patch::Shape { core: GROUP_SCHEMA, extensions: &[], read_only: &["id", "meta"] };

/// The Group document; `members` is `None` when the client excluded them.
pub fn to_json(g: &GroupRow, members: Option<&[i64]>, base: &str) -> Value {
    let mut doc = Map::new();
    doc.insert("schemas".into(), json!([GROUP_SCHEMA]));
    doc.insert("id".into(), json!(g.id.to_string()));
    if let Some(e) = &g.external_id {
        doc.insert("externalId".into(), json!(e));
    }
    doc.insert("displayName".into(), json!(g.name));
    if let Some(m) = members
        && !m.is_empty()
    {
        let list: Vec<Value> = m
            .iter()
            .map(|id| json!({"value": id.to_string(), "$ref": format!("{base}/Users/{id}"), "type": "User"}))
            .collect();
        doc.insert("members".into(), Value::Array(list));
    }
    doc.insert(
        "meta".into(),
        json!({
            "resourceType": "Group",
            "created": rfc3339(g.created_at),
            "lastModified": rfc3339(if g.updated_at > 0 { g.updated_at } else { g.created_at }),
            "location": format!("{base}/Groups/{}", g.id),
            "version": etag(g.version),
        }),
    );
    Value::Object(doc)
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupInput {
    pub name: String,
    pub external_id: Option<String>,
    /// The people who are to be in the unit, in the order given, without repeats.
    pub members: Vec<i64>,
}

/// Reads a Group body (POST, PUT or a patched document).
pub fn from_json(body: &Value) -> Result<GroupInput, ScimError> {
    if !body.is_object() {
        return Err(ScimError::invalid_syntax("A Group is a JSON object"));
    }
    let name = text(get_ci(body, "displayName"), "displayName", 120)?
        .ok_or_else(|| ScimError::invalid_value("displayName is required"))?;
    let mut members = Vec::new();
    match get_ci(body, "members") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                if let Some(t) = get_ci(item, "type").and_then(Value::as_str)
                    && !t.eq_ignore_ascii_case("User")
                {
                    return Err(ScimError::invalid_value("members are Users: units do not contain Groups"));
                }
                let id = match get_ci(item, "value") {
                    Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
                    Some(Value::Number(n)) => n.as_i64(),
                    _ => None,
                }
                .ok_or_else(|| ScimError::invalid_value("Each member has the value of a User's id"))?;
                if !members.contains(&id) {
                    members.push(id);
                }
            }
        }
        Some(_) => return Err(ScimError::invalid_value("members is a list")),
    }
    Ok(GroupInput { name, external_id: text(get_ci(body, "externalId"), "externalId", 255)?, members })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_user_ids_without_repeats() {
        let g = from_json(
            &json!({"displayName": "Team", "members": [{"value": "3"}, {"value": 4}, {"value": "3", "type": "User"}]}),
        )
        .unwrap();
        assert_eq!(g.members, vec![3, 4]);
        for bad in [
            json!({"members": []}),
            json!({"displayName": "T", "members": [{"value": "x"}]}),
            json!({"displayName": "T", "members": [{"value": "1", "type": "Group"}]}),
            json!({"displayName": "T", "members": {"value": "1"}}),
        ] {
            assert_eq!(from_json(&bad).unwrap_err().scim_type, Some("invalidValue"), "{bad}");
        }
    }
}
