//! What the service says about itself (RFC 7643 §5–7): exactly what Hartslag supports and
//! stores, so a client that reads these documents sends nothing that is silently dropped —
//! except `emails`, which is read-only because the one address Hartslag keeps is `userName`.

use serde_json::{Value, json};

use super::{ENTERPRISE_SCHEMA, GROUP_SCHEMA, MAX_RESULTS, USER_SCHEMA};

pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://github.com/hartslag/hartslag/blob/main/docs/integrations/scim.md",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A token an administrator creates per organisation under Beheer → SCIM, sent as Authorization: Bearer <token>.",
            "primary": true
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base}/ServiceProviderConfig")
        }
    })
}

pub fn resource_types(base: &str) -> Vec<Value> {
    vec![
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "A person of the organisation",
            "schema": USER_SCHEMA,
            "schemaExtensions": [{"schema": ENTERPRISE_SCHEMA, "required": false}],
            "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User")}
        }),
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "description": "A unit (department, team) of the organisation; a person is in at most one",
            "schema": GROUP_SCHEMA,
            "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/Group")}
        }),
    ]
}

fn attr(name: &str, kind: &str, description: &str) -> Value {
    json!({
        "name": name,
        "type": kind,
        "multiValued": false,
        "description": description,
        "required": false,
        "caseExact": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none"
    })
}

fn with(mut v: Value, changes: Value) -> Value {
    if let (Some(o), Some(c)) = (v.as_object_mut(), changes.as_object()) {
        for (k, val) in c {
            o.insert(k.clone(), val.clone());
        }
    }
    v
}

fn schema(id: &str, name: &str, description: &str, attributes: Vec<Value>, base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": id,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{id}")}
    })
}

pub fn schemas(base: &str) -> Vec<Value> {
    let user = vec![
        with(
            attr(
                "userName",
                "string",
                "The person's e-mail address, with which they sign in; lower case, unique on this installation",
            ),
            json!({"required": true, "uniqueness": "server"}),
        ),
        with(
            attr(
                "name",
                "complex",
                "The person's name; Hartslag shows formatted, else givenName familyName, else displayName",
            ),
            json!({"subAttributes": [
                attr("formatted", "string", "The full name as shown"),
                attr("familyName", "string", "The family name"),
                attr("givenName", "string", "The given name"),
            ]}),
        ),
        attr("displayName", "string", "The name to show when name is not given"),
        attr("title", "string", "The job title"),
        with(
            attr("active", "boolean", "Whether the person may sign in; false deactivates and ends their sessions"),
            json!({"required": true}),
        ),
        with(
            attr("emails", "complex", "The person's e-mail address: always the one userName holds (read-only here)"),
            json!({
                "multiValued": true,
                "mutability": "readOnly",
                "subAttributes": [
                    with(attr("value", "string", "The address"), json!({"mutability": "readOnly"})),
                    with(
                        attr("type", "string", "Always work"),
                        json!({"mutability": "readOnly", "canonicalValues": ["work"]}),
                    ),
                    with(attr("primary", "boolean", "Always true"), json!({"mutability": "readOnly"})),
                ]
            }),
        ),
        with(
            attr("groups", "complex", "The unit the person is in (set through the Group's members)"),
            json!({
                "multiValued": true,
                "mutability": "readOnly",
                "subAttributes": [
                    with(attr("value", "string", "The unit's id"), json!({"mutability": "readOnly"})),
                    with(
                        attr("$ref", "reference", "The unit's address"),
                        json!({"mutability": "readOnly", "referenceTypes": ["Group"]}),
                    ),
                    with(attr("display", "string", "The unit's name"), json!({"mutability": "readOnly"})),
                    with(
                        attr("type", "string", "Always direct"),
                        json!({"mutability": "readOnly", "canonicalValues": ["direct"]}),
                    ),
                ]
            }),
        ),
    ];
    let enterprise = vec![with(
        attr("employeeNumber", "string", "The number the HR system knows the person by; unique in the organisation"),
        json!({"caseExact": true}),
    )];
    let group = vec![
        with(attr("displayName", "string", "The unit's name"), json!({"required": true})),
        with(
            attr(
                "members",
                "complex",
                "The people in the unit; adding a person here moves them out of their former unit",
            ),
            json!({
                "multiValued": true,
                "subAttributes": [
                    with(attr("value", "string", "The person's id"), json!({"mutability": "immutable"})),
                    with(
                        attr("$ref", "reference", "The person's address"),
                        json!({"mutability": "immutable", "referenceTypes": ["User"]}),
                    ),
                    with(
                        attr("type", "string", "Always User: units do not contain units through SCIM"),
                        json!({"mutability": "immutable", "canonicalValues": ["User"]}),
                    ),
                ]
            }),
        ),
    ];
    vec![
        schema(USER_SCHEMA, "User", "A person of the organisation", user, base),
        schema(ENTERPRISE_SCHEMA, "EnterpriseUser", "The HR system's employee number", enterprise, base),
        schema(GROUP_SCHEMA, "Group", "A unit of the organisation", group, base),
    ]
}
