//! Cognito's service model (botocore's, see `cognito-idp.json` and `.ci/cognito-model.py`)
//! as the API's input specification: every request is checked against its operation's
//! input shape before a handler sees it, so members, types, required members, lengths,
//! ranges, enums and patterns are enforced as written there, with the service's own
//! error answers. Type mismatches are SerializationException; constraint failures are
//! InvalidParameterException "N validation error(s) detected: Value 'x' at 'path' failed
//! to satisfy constraint: Member must …", with the value left out for sensitive shapes.
//!
//! The walker is written here because no crate validates JSON against a Smithy/botocore
//! model; the patterns are compiled with `regex` (one, with a look-behind, cannot be and
//! is skipped, logged once at start).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use super::error::ApiError;

#[derive(Debug, Deserialize)]
struct Operation {
    input: Option<String>,
    /// End-user actions carry no signature (`authtype: none` in the model).
    #[serde(default)]
    unsigned: bool,
}

#[derive(Debug, Deserialize)]
struct MemberRef {
    shape: String,
}

#[derive(Debug, Deserialize)]
struct Shape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    members: HashMap<String, MemberRef>,
    #[serde(default)]
    required: Vec<String>,
    min: Option<f64>,
    max: Option<f64>,
    pattern: Option<String>,
    #[serde(rename = "enum")]
    values: Option<Vec<String>>,
    #[serde(default)]
    sensitive: bool,
    member: Option<MemberRef>,
    value: Option<MemberRef>,
}

#[derive(Deserialize)]
struct Document {
    operations: HashMap<String, Operation>,
    shapes: HashMap<String, Shape>,
}

pub struct Model {
    operations: HashMap<String, Operation>,
    shapes: HashMap<String, Shape>,
    patterns: HashMap<String, regex::Regex>,
}

static MODEL: OnceLock<Option<Model>> = OnceLock::new();

fn load() -> Option<Model> {
    let doc: Document = match serde_json::from_str(include_str!("cognito-idp.json")) {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "the embedded Cognito service model is unreadable; requests are not validated");
            return None;
        }
    };
    let mut doc = doc;
    // The model's DomainType admits only prefix domains, but the service takes custom
    // domains (`auth.example.com`) in the same member; the domain module checks both.
    if let Some(domain) = doc.shapes.get_mut("DomainType") {
        domain.pattern = None;
        domain.max = Some(253.0);
    }
    // Where the model takes a Lambda ARN, Cognate takes a hook's URL (the triggers
    // module checks it); other ARNs are kept as given, so none is matched here.
    if let Some(arn) = doc.shapes.get_mut("ArnType") {
        arn.pattern = None;
    }
    let mut patterns = HashMap::new();
    for shape in doc.shapes.values() {
        if let Some(p) = &shape.pattern {
            match regex::Regex::new(&format!("^(?:{p})$")) {
                Ok(re) => {
                    patterns.insert(p.clone(), re);
                }
                Err(_) => tracing::debug!(pattern = %p, "model pattern not expressible with regex; not checked"),
            }
        }
    }
    Some(Model { operations: doc.operations, shapes: doc.shapes, patterns })
}

pub fn model() -> Option<&'static Model> {
    MODEL.get_or_init(load).as_ref()
}

/// `ClientId` → `clientId`, as the service names members in its messages.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Model {
    pub fn has(&self, operation: &str) -> bool {
        self.operations.contains_key(operation)
    }

    pub fn unsigned(&self, operation: &str) -> bool {
        self.operations.get(operation).is_some_and(|o| o.unsigned)
    }

    /// Checks `input` against the operation's input shape.
    pub fn validate(&self, operation: &str, input: &Value) -> Result<(), ApiError> {
        let Some(shape) = self.operations.get(operation).and_then(|o| o.input.as_deref()) else { return Ok(()) };
        if !input.is_object() {
            return Err(ApiError::serialization("The request body must be a JSON object."));
        }
        let mut problems = Vec::new();
        self.check(shape, input, "", &mut problems)?;
        if problems.is_empty() {
            return Ok(());
        }
        let n = problems.len();
        let noun = if n == 1 { "validation error" } else { "validation errors" };
        Err(ApiError::invalid_parameter(format!("{n} {noun} detected: {}", problems.join("; "))))
    }

    fn check(&self, shape_name: &str, value: &Value, path: &str, problems: &mut Vec<String>) -> Result<(), ApiError> {
        let Some(shape) = self.shapes.get(shape_name) else { return Ok(()) };
        let at = |p: &str| if p.is_empty() { String::new() } else { format!(" at '{p}'") };
        let shown = |v: &Value| match (shape.sensitive, v) {
            (true, _) => "Value".to_string(),
            (false, Value::String(s)) => format!("Value '{s}'"),
            (false, other) => format!("Value '{other}'"),
        };
        match shape.kind.as_str() {
            "structure" => {
                let Value::Object(map) = value else { return Err(ApiError::serialization(format!("Expected an object{}.", at(path)))) };
                for required in &shape.required {
                    if map.get(required).is_none_or(Value::is_null) {
                        let p = if path.is_empty() { lower_camel(required) } else { format!("{path}.{}", lower_camel(required)) };
                        problems.push(format!("Value null at '{p}' failed to satisfy constraint: Member must not be null"));
                    }
                }
                for (name, member) in &shape.members {
                    if let Some(v) = map.get(name).filter(|v| !v.is_null()) {
                        let p = if path.is_empty() { lower_camel(name) } else { format!("{path}.{}", lower_camel(name)) };
                        self.check(&member.shape, v, &p, problems)?;
                    }
                }
            }
            "list" => {
                let Value::Array(items) = value else { return Err(ApiError::serialization(format!("Expected a list{}.", at(path)))) };
                if let Some(bound) = violated(shape, items.len() as f64) {
                    problems.push(format!("Value{} failed to satisfy constraint: Member must have length {bound}", at(path)));
                }
                if let Some(member) = &shape.member {
                    for (i, item) in items.iter().enumerate() {
                        self.check(&member.shape, item, &format!("{path}.{}.member", i + 1), problems)?;
                    }
                }
            }
            "map" => {
                let Value::Object(map) = value else { return Err(ApiError::serialization(format!("Expected a map{}.", at(path)))) };
                if let Some(v) = &shape.value {
                    for (key, item) in map {
                        self.check(&v.shape, item, &format!("{path}.{key}"), problems)?;
                    }
                }
            }
            "string" => {
                let Value::String(s) = value else { return Err(ApiError::serialization(format!("Expected a string{}.", at(path)))) };
                if let Some(bound) = violated(shape, s.chars().count() as f64) {
                    problems.push(format!("{}{} failed to satisfy constraint: Member must have length {bound}", shown(value), at(path)));
                }
                if let Some(values) = &shape.values {
                    if !values.iter().any(|v| v == s) {
                        problems.push(format!("{}{} failed to satisfy constraint: Member must satisfy enum value set: [{}]", shown(value), at(path), values.join(", ")));
                    }
                }
                if let Some(re) = shape.pattern.as_ref().and_then(|p| self.patterns.get(p)) {
                    if !re.is_match(s) {
                        let pattern = shape.pattern.as_deref().unwrap_or_default();
                        problems.push(format!("{}{} failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}", shown(value), at(path)));
                    }
                }
            }
            "integer" | "long" => {
                let Some(n) = value.as_f64().filter(|n| n.fract() == 0.0) else {
                    return Err(ApiError::serialization(format!("Expected an integer{}.", at(path))));
                };
                if let Some(bound) = violated(shape, n) {
                    problems.push(format!("{}{} failed to satisfy constraint: Member must have value {bound}", shown(value), at(path)));
                }
            }
            "boolean" if !value.is_boolean() => {
                return Err(ApiError::serialization(format!("Expected a boolean{}.", at(path))));
            }
            "timestamp" | "double" | "float" if !value.is_number() && !value.is_string() => {
                return Err(ApiError::serialization(format!("Expected a number{}.", at(path))));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The bound `n` breaks, worded as the service words it.
fn violated(shape: &Shape, n: f64) -> Option<String> {
    match (shape.min, shape.max) {
        (Some(min), _) if n < min => Some(format!("greater than or equal to {min}")),
        (_, Some(max)) if n > max => Some(format!("less than or equal to {max}")),
        _ => None,
    }
}
