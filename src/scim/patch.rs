//! PATCH (RFC 7644 §3.5.2): operations applied to a resource's JSON representation. The
//! handler then reads the patched document exactly as it reads a PUT body, so one validation
//! decides what may be stored, and a patch that fails anywhere changes nothing.
//!
//! The forms identity systems send are accepted: with and without `path`, value objects whose
//! keys are paths themselves (`{"name.givenName": "Anna"}`, a full extension URN with its
//! attribute), op names in any case, booleans as the strings `"True"`/`"False"`, and `remove`
//! on `members` with a `value` listing whom to remove.

use serde_json::{Map, Value};

use super::ScimError;
use super::filter::{self, AttrPath, CompareOp, Filter, Literal, PatchPath};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Add,
    Replace,
    Remove,
}

#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    pub path: Option<String>,
    pub value: Option<Value>,
}

/// What a resource type's document looks like, for resolving paths.
pub struct Shape {
    /// The core schema: a path qualified with it addresses the top level.
    pub core: &'static str,
    /// Extension schemas: a path qualified with one addresses the object under its URN.
    pub extensions: &'static [&'static str],
    /// Attributes a client may not write (`id`, `meta`, …).
    pub read_only: &'static [&'static str],
}

/// Reads a PatchOp message.
pub fn parse(body: &Value) -> Result<Vec<Op>, ScimError> {
    let schemas_ok = body
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(super::PATCH_SCHEMA))));
    if !schemas_ok {
        return Err(ScimError::invalid_syntax(format!("A PATCH body names the schema {}", super::PATCH_SCHEMA)));
    }
    let ops = get_ci(body, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::invalid_syntax("A PATCH body holds a list of Operations"))?;
    if ops.is_empty() || ops.len() > 1000 {
        return Err(ScimError::invalid_syntax("A PATCH body holds 1 to 1000 operations"));
    }
    ops.iter()
        .map(|o| {
            let kind = match get_ci(o, "op").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                Some("add") => OpKind::Add,
                Some("replace") => OpKind::Replace,
                Some("remove") => OpKind::Remove,
                _ => return Err(ScimError::invalid_syntax("Each operation's op is add, replace or remove")),
            };
            let path = match get_ci(o, "path") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Some(_) => return Err(ScimError::invalid_path("A path is a non-empty string")),
            };
            let value = get_ci(o, "value").cloned();
            if kind != OpKind::Remove && value.is_none() {
                return Err(ScimError::invalid_value("add and replace need a value"));
            }
            if kind == OpKind::Remove && path.is_none() {
                return Err(ScimError::no_target("remove needs a path"));
            }
            Ok(Op { kind, path, value })
        })
        .collect()
}

pub fn get_ci<'a>(obj: &'a Value, name: &str) -> Option<&'a Value> {
    obj.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn key_ci(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// Where a path points: the top level or an extension's object, and what is inside.
struct Target {
    extension: Option<&'static str>,
    /// `None`: the extension object itself.
    path: Option<PatchPath>,
}

fn resolve(shape: &Shape, text: &str) -> Result<Target, ScimError> {
    if let Some(ext) = shape.extensions.iter().find(|e| e.eq_ignore_ascii_case(text)) {
        return Ok(Target { extension: Some(ext), path: None });
    }
    let mut p = filter::parse_patch_path(text)?;
    let extension = match p.attr.uri.take() {
        None => None,
        Some(u) if u.eq_ignore_ascii_case(shape.core) => None,
        Some(u) => match shape.extensions.iter().find(|e| e.eq_ignore_ascii_case(&u)) {
            Some(e) => Some(*e),
            None => return Err(ScimError::invalid_path(format!("Unknown schema {u}"))),
        },
    };
    if extension.is_none() && shape.read_only.iter().any(|r| r.eq_ignore_ascii_case(&p.attr.attr)) {
        return Err(ScimError::mutability(format!("{} is read-only", p.attr.attr)));
    }
    Ok(Target { extension, path: Some(p) })
}

/// Applies the operations in order to `doc`.
pub fn apply(doc: &mut Map<String, Value>, ops: &[Op], shape: &Shape) -> Result<(), ScimError> {
    for op in ops {
        match &op.path {
            Some(text) => {
                let target = resolve(shape, text)?;
                apply_one(doc, op.kind, &target, op.value.as_ref())?;
            }
            None => {
                let Some(Value::Object(value)) = &op.value else {
                    return Err(ScimError::invalid_value("Without a path, the value is an object of attributes"));
                };
                for (k, v) in value {
                    if k.eq_ignore_ascii_case("schemas") {
                        continue;
                    }
                    let target = resolve(shape, k)?;
                    apply_one(doc, op.kind, &target, Some(v))?;
                }
            }
        }
    }
    Ok(())
}

fn apply_one(
    doc: &mut Map<String, Value>,
    kind: OpKind,
    target: &Target,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let container: &mut Map<String, Value> = match target.extension {
        None => doc,
        Some(ext) => {
            let key = key_ci(doc, ext).unwrap_or_else(|| ext.to_string());
            if kind == OpKind::Remove && target.path.is_none() {
                doc.remove(&key);
                return Ok(());
            }
            if !doc.contains_key(&key) {
                if kind == OpKind::Remove {
                    return Ok(());
                }
                doc.insert(key.clone(), Value::Object(Map::new()));
            }
            match doc.get_mut(&key) {
                Some(Value::Object(m)) => m,
                _ => return Err(ScimError::invalid_value(format!("{ext} is an object"))),
            }
        }
    };
    let Some(path) = &target.path else {
        // The extension object as a whole: its attributes are set one by one.
        let Some(Value::Object(v)) = value else {
            return Err(ScimError::invalid_value("An extension's value is an object"));
        };
        for (k, val) in v {
            let key = key_ci(container, k).unwrap_or_else(|| k.clone());
            container.insert(key, val.clone());
        }
        return Ok(());
    };
    let key = key_ci(container, &path.attr.attr).unwrap_or_else(|| path.attr.attr.clone());
    match (&path.filter, &path.attr.sub) {
        (None, None) => plain(container, &key, kind, value),
        (None, Some(sub)) => sub_attribute(container, &key, sub, kind, value),
        (Some(f), _) => filtered(container, &key, f, path.sub_after.as_deref(), kind, value),
    }
}

fn same_member(a: &Value, b: &Value) -> bool {
    match (get_ci(a, "value"), get_ci(b, "value")) {
        (Some(x), Some(y)) => text_of(x) == text_of(y),
        _ => a == b,
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn plain(container: &mut Map<String, Value>, key: &str, kind: OpKind, value: Option<&Value>) -> Result<(), ScimError> {
    match kind {
        OpKind::Remove => {
            // `remove` of `members` with a value: only those (as Entra ID sends it).
            if let (Some(Value::Array(existing)), Some(v)) = (container.get_mut(key), value) {
                let gone: Vec<Value> = match v {
                    Value::Array(a) => a.clone(),
                    other => vec![other.clone()],
                };
                existing.retain(|item| !gone.iter().any(|g| same_member(item, g)));
                return Ok(());
            }
            container.remove(key);
        }
        OpKind::Add => {
            let value = value.cloned().unwrap_or(Value::Null);
            match (container.get_mut(key), value) {
                (Some(Value::Array(existing)), Value::Array(new)) => {
                    for item in new {
                        if !existing.iter().any(|e| same_member(e, &item)) {
                            existing.push(item);
                        }
                    }
                }
                (Some(Value::Array(existing)), item) => {
                    if !existing.iter().any(|e| same_member(e, &item)) {
                        existing.push(item);
                    }
                }
                (Some(Value::Object(existing)), Value::Object(new)) => merge(existing, new),
                (_, v) => {
                    container.insert(key.to_string(), v);
                }
            }
        }
        OpKind::Replace => {
            let value = value.cloned().unwrap_or(Value::Null);
            match (container.get_mut(key), value) {
                // A complex attribute: the given sub-attributes are replaced, the others stay.
                (Some(Value::Object(existing)), Value::Object(new)) => merge(existing, new),
                (_, v) => {
                    container.insert(key.to_string(), v);
                }
            }
        }
    }
    Ok(())
}

fn merge(existing: &mut Map<String, Value>, new: Map<String, Value>) {
    for (k, v) in new {
        let key = key_ci(existing, &k).unwrap_or(k);
        existing.insert(key, v);
    }
}

fn sub_attribute(
    container: &mut Map<String, Value>,
    key: &str,
    sub: &str,
    kind: OpKind,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let set = |obj: &mut Map<String, Value>| {
        let k = key_ci(obj, sub).unwrap_or_else(|| sub.to_string());
        match kind {
            OpKind::Remove => {
                obj.remove(&k);
            }
            _ => {
                obj.insert(k, value.cloned().unwrap_or(Value::Null));
            }
        }
    };
    match container.get_mut(key) {
        Some(Value::Object(obj)) => {
            set(obj);
            if obj.is_empty() {
                container.remove(key);
            }
        }
        // A sub-attribute of a multi-valued attribute without a filter: every value.
        Some(Value::Array(items)) => {
            for item in items.iter_mut() {
                if let Value::Object(obj) = item {
                    set(obj);
                }
            }
        }
        None | Some(Value::Null) => {
            if kind != OpKind::Remove {
                let mut obj = Map::new();
                set(&mut obj);
                container.insert(key.to_string(), Value::Object(obj));
            }
        }
        Some(_) => return Err(ScimError::invalid_path(format!("{key} has no sub-attributes"))),
    }
    Ok(())
}

/// The attribute values an `eq` filter pins down, to build a value that does not exist yet.
fn pinned(f: &Filter, out: &mut Map<String, Value>) {
    match f {
        Filter::And(a, b) => {
            pinned(a, out);
            pinned(b, out);
        }
        Filter::Compare(AttrPath { attr, sub: None, .. }, CompareOp::Eq, lit) => {
            let v = match lit {
                Literal::Str(s) => Value::String(s.clone()),
                Literal::Bool(b) => Value::Bool(*b),
                Literal::Num(n) => serde_json::Number::from_f64(*n).map(Value::Number).unwrap_or(Value::Null),
                Literal::Null => Value::Null,
            };
            out.insert(attr.clone(), v);
        }
        _ => {}
    }
}

fn filtered(
    container: &mut Map<String, Value>,
    key: &str,
    f: &Filter,
    sub: Option<&str>,
    kind: OpKind,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let items = match container.get_mut(key) {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => {
            if kind == OpKind::Remove {
                return Ok(());
            }
            container.insert(key.to_string(), Value::Array(Vec::new()));
            match container.get_mut(key) {
                Some(Value::Array(items)) => items,
                _ => unreachable!("just inserted"),
            }
        }
        Some(_) => return Err(ScimError::invalid_path(format!("{key} is not multi-valued"))),
    };
    let matching: Vec<usize> = (0..items.len()).filter(|i| filter::matches(f, &items[*i])).collect();
    match kind {
        OpKind::Remove => match sub {
            Some(s) => {
                for i in matching {
                    if let Value::Object(obj) = &mut items[i]
                        && let Some(k) = key_ci(obj, s)
                    {
                        obj.remove(&k);
                    }
                }
            }
            None => {
                let mut i = 0;
                items.retain(|_| {
                    let keep = !matching.contains(&i);
                    i += 1;
                    keep
                });
            }
        },
        OpKind::Add | OpKind::Replace => {
            let value = value.cloned().unwrap_or(Value::Null);
            if matching.is_empty() {
                if kind == OpKind::Replace {
                    return Err(ScimError::no_target(format!("No value of {key} matches the filter")));
                }
                let mut item = Map::new();
                pinned(f, &mut item);
                match (sub, value) {
                    (Some(s), v) => {
                        item.insert(s.to_string(), v);
                    }
                    (None, Value::Object(o)) => merge(&mut item, o),
                    (None, _) => return Err(ScimError::invalid_value("The value of a filtered path is an object")),
                }
                items.push(Value::Object(item));
                return Ok(());
            }
            for i in matching {
                match (sub, &mut items[i], &value) {
                    (Some(s), Value::Object(obj), v) => {
                        let k = key_ci(obj, s).unwrap_or_else(|| s.to_string());
                        obj.insert(k, v.clone());
                    }
                    (None, Value::Object(obj), Value::Object(new)) => merge(obj, new.clone()),
                    (None, slot, v) => *slot = v.clone(),
                    (Some(_), _, _) => {
                        return Err(ScimError::invalid_path(format!("{key} values have no sub-attributes")));
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const USER: Shape = Shape {
        core: super::super::USER_SCHEMA,
        extensions: &[super::super::ENTERPRISE_SCHEMA],
        read_only: &["id", "meta", "groups"],
    };

    fn run(doc: Value, ops: Value) -> Result<Value, ScimError> {
        let body = json!({"schemas": [super::super::PATCH_SCHEMA], "Operations": ops});
        let ops = parse(&body)?;
        let mut doc = doc.as_object().unwrap().clone();
        apply(&mut doc, &ops, &USER)?;
        Ok(Value::Object(doc))
    }

    #[test]
    fn replace_with_a_path_sets_a_sub_attribute_and_keeps_the_others() {
        let doc = json!({"userName": "a@x.nl", "name": {"givenName": "Anna", "familyName": "Lid"}});
        let out = run(doc, json!([{"op": "replace", "path": "name.givenName", "value": "Anne"}])).unwrap();
        assert_eq!(out["name"], json!({"givenName": "Anne", "familyName": "Lid"}));
    }

    #[test]
    fn entra_style_operations_without_a_path_use_keys_as_paths() {
        let doc = json!({"userName": "a@x.nl", "active": true});
        let ops = json!([{"op": "Replace", "value": {
            "active": "False",
            "name.familyName": "Jansen",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "12345"
        }}]);
        let out = run(doc, ops).unwrap();
        assert_eq!(out["active"], json!("False"));
        assert_eq!(out["name"]["familyName"], json!("Jansen"));
        assert_eq!(out[super::super::ENTERPRISE_SCHEMA]["employeeNumber"], json!("12345"));
    }

    #[test]
    fn a_filtered_path_adds_when_nothing_matches_and_replaces_when_something_does() {
        let doc = json!({"userName": "a@x.nl"});
        let out =
            run(doc, json!([{"op": "add", "path": "emails[type eq \"work\"].value", "value": "b@x.nl"}])).unwrap();
        assert_eq!(out["emails"], json!([{"type": "work", "value": "b@x.nl"}]));
        let out =
            run(out, json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "c@x.nl"}])).unwrap();
        assert_eq!(out["emails"], json!([{"type": "work", "value": "c@x.nl"}]));
        let e = run(out, json!([{"op": "replace", "path": "emails[type eq \"home\"].value", "value": "d@x.nl"}]))
            .unwrap_err();
        assert_eq!(e.scim_type, Some("noTarget"));
    }

    #[test]
    fn members_are_added_once_and_removed_by_filter_or_by_value() {
        let doc = json!({"displayName": "Team", "members": [{"value": "1"}]});
        let out = run(
            doc,
            json!([{"op": "add", "path": "members", "value": [{"value": "1"}, {"value": "2"}, {"value": "3"}]}]),
        )
        .unwrap();
        assert_eq!(out["members"], json!([{"value": "1"}, {"value": "2"}, {"value": "3"}]));
        let out = run(out, json!([{"op": "remove", "path": "members[value eq \"2\"]"}])).unwrap();
        assert_eq!(out["members"], json!([{"value": "1"}, {"value": "3"}]));
        let out = run(out, json!([{"op": "Remove", "path": "members", "value": [{"value": "1"}]}])).unwrap();
        assert_eq!(out["members"], json!([{"value": "3"}]));
        let out = run(out, json!([{"op": "remove", "path": "members"}])).unwrap();
        assert!(out.get("members").is_none());
    }

    #[test]
    fn the_extension_urn_alone_addresses_the_extension_object() {
        let doc = json!({"userName": "a@x.nl", super::super::ENTERPRISE_SCHEMA: {"employeeNumber": "1"}});
        let out = run(doc, json!([{"op": "remove", "path": super::super::ENTERPRISE_SCHEMA}])).unwrap();
        assert!(out.get(super::super::ENTERPRISE_SCHEMA).is_none());
    }

    #[test]
    fn bad_operations_are_refused() {
        let doc = json!({"userName": "a@x.nl"});
        assert_eq!(
            run(doc.clone(), json!([{"op": "move", "path": "title"}])).unwrap_err().scim_type,
            Some("invalidSyntax")
        );
        assert_eq!(run(doc.clone(), json!([{"op": "remove"}])).unwrap_err().scim_type, Some("noTarget"));
        assert_eq!(
            run(doc.clone(), json!([{"op": "replace", "path": "id", "value": "9"}])).unwrap_err().scim_type,
            Some("mutability")
        );
        assert_eq!(
            run(doc.clone(), json!([{"op": "replace", "path": "urn:x:y:title", "value": "9"}])).unwrap_err().scim_type,
            Some("invalidPath")
        );
        assert_eq!(
            run(doc, json!([{"op": "add", "path": "members[value eq", "value": "9"}])).unwrap_err().scim_type,
            Some("invalidPath")
        );
        let no_schema = parse(&json!({"Operations": [{"op": "add", "path": "title", "value": "x"}]}));
        assert_eq!(no_schema.unwrap_err().scim_type, Some("invalidSyntax"));
    }
}
