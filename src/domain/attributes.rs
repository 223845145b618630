//! A pool's attribute schema (the OIDC standard attributes plus `custom:` ones)
//! and the validation of user attribute values against it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A user's attributes by name (`email`, `custom:plan`, …), values as strings as in Cognito.
pub type Attributes = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum AttributeType {
    String,
    Number,
    DateTime,
    Boolean,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: AttributeType,
    #[serde(default)]
    pub required: bool,
    #[serde(default = "yes")]
    pub mutable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
}

fn yes() -> bool {
    true
}

/// The OpenID Connect standard claims Cognito offers as attributes, with their types.
pub const STANDARD: &[(&str, AttributeType)] = &[
    ("address", AttributeType::String),
    ("birthdate", AttributeType::String),
    ("email", AttributeType::String),
    ("email_verified", AttributeType::Boolean),
    ("family_name", AttributeType::String),
    ("gender", AttributeType::String),
    ("given_name", AttributeType::String),
    ("locale", AttributeType::String),
    ("middle_name", AttributeType::String),
    ("name", AttributeType::String),
    ("nickname", AttributeType::String),
    ("phone_number", AttributeType::String),
    ("phone_number_verified", AttributeType::Boolean),
    ("picture", AttributeType::String),
    ("preferred_username", AttributeType::String),
    ("profile", AttributeType::String),
    ("updated_at", AttributeType::Number),
    ("website", AttributeType::String),
    ("zoneinfo", AttributeType::String),
];

const DEFAULT_MAX_LENGTH: u32 = 2048;
const MAX_CUSTOM_ATTRIBUTES: usize = 50;

/// A custom attribute's full name: `custom:` and the name (given with or without it).
pub fn custom_name(name: &str) -> String {
    format!("custom:{}", name.strip_prefix("custom:").unwrap_or(name))
}

impl AttributeDef {
    /// A custom attribute with Cognito's defaults: optional, mutable, no bounds.
    pub fn custom(name: &str, data_type: AttributeType) -> AttributeDef {
        standard_def(&custom_name(name), data_type)
    }
}

impl AttributeType {
    /// Cognito's AttributeDataType names.
    pub fn parse(name: &str) -> Option<AttributeType> {
        match name {
            "String" => Some(AttributeType::String),
            "Number" => Some(AttributeType::Number),
            "DateTime" => Some(AttributeType::DateTime),
            "Boolean" => Some(AttributeType::Boolean),
            _ => None,
        }
    }
}

fn standard_def(name: &str, data_type: AttributeType) -> AttributeDef {
    AttributeDef {
        name: name.to_string(),
        data_type,
        required: false,
        mutable: true,
        min_length: None,
        max_length: None,
        min_value: None,
        max_value: None,
    }
}

/// Builds a pool's full schema: every standard attribute, with `required` and `mutable`
/// taken from `declared` where it names one, followed by the declared custom attributes.
pub fn build_schema(declared: &[AttributeDef]) -> Result<Vec<AttributeDef>, Error> {
    let mut schema: Vec<AttributeDef> = STANDARD.iter().map(|(n, t)| standard_def(n, *t)).collect();
    let mut customs = Vec::new();
    for def in declared {
        if let Some(std) = schema.iter_mut().find(|d| d.name == def.name) {
            if def.data_type != std.data_type {
                return Err(Error::InvalidParameter(format!(
                    "standard attribute {} has type {:?}; it cannot be declared as {:?}",
                    def.name, std.data_type, def.data_type
                )));
            }
            std.required = def.required;
            std.mutable = def.mutable;
            std.min_length = def.min_length;
            std.max_length = def.max_length;
            continue;
        }
        let custom_full = custom_name(&def.name);
        let bare = &custom_full["custom:".len()..];
        if bare.is_empty() || bare.len() > 20 || !bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(Error::InvalidParameter(format!(
                "custom attribute name {:?} must be 1 to 20 letters, digits, '_' or '-'",
                def.name
            )));
        }
        let mut custom = def.clone();
        custom.name = custom_full.clone();
        if customs.iter().any(|c: &AttributeDef| c.name == custom.name) {
            return Err(Error::InvalidParameter(format!("attribute {} is declared twice", custom.name)));
        }
        check_ranges(&custom)?;
        customs.push(custom);
    }
    if customs.len() > MAX_CUSTOM_ATTRIBUTES {
        return Err(Error::InvalidParameter(format!("a pool has at most {MAX_CUSTOM_ATTRIBUTES} custom attributes")));
    }
    schema.extend(customs);
    Ok(schema)
}

fn check_ranges(def: &AttributeDef) -> Result<(), Error> {
    if let (Some(min), Some(max)) = (def.min_length, def.max_length) {
        if min > max {
            return Err(Error::InvalidParameter(format!("{}: min_length is greater than max_length", def.name)));
        }
    }
    if let (Some(min), Some(max)) = (def.min_value, def.max_value) {
        if min > max {
            return Err(Error::InvalidParameter(format!("{}: min_value is greater than max_value", def.name)));
        }
    }
    let is_number = def.data_type == AttributeType::Number;
    if !is_number && (def.min_value.is_some() || def.max_value.is_some()) {
        return Err(Error::InvalidParameter(format!("{}: min_value/max_value apply only to Number attributes", def.name)));
    }
    if is_number && (def.min_length.is_some() || def.max_length.is_some()) {
        return Err(Error::InvalidParameter(format!("{}: min_length/max_length do not apply to Number attributes", def.name)));
    }
    Ok(())
}

/// Checks each value against its definition; on creation also that every required
/// attribute is present. Errors name the attribute.
pub fn validate(schema: &[AttributeDef], attrs: &Attributes, creating: bool) -> Result<(), Error> {
    for (name, value) in attrs {
        if name == "sub" {
            return Err(Error::InvalidParameter("sub: the attribute cannot be set; it is assigned by the pool".into()));
        }
        let def = schema
            .iter()
            .find(|d| &d.name == name)
            .ok_or_else(|| Error::InvalidParameter(format!("Attributes did not conform to the schema: {name}: attribute does not exist in the schema")))?;
        validate_value(def, value)?;
    }
    if creating {
        for def in schema.iter().filter(|d| d.required) {
            if attrs.get(&def.name).is_none_or(|v| v.is_empty()) {
                return Err(Error::InvalidParameter(format!(
                    "Attributes did not conform to the schema: {name}: The attribute {name} is required",
                    name = def.name
                )));
            }
        }
    }
    Ok(())
}

/// What is wrong with one attribute value, for a page that shows it next to the field
/// (the API words the same problems Cognito's way, in [`validate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong(u32),
    TooShort(u32),
    NotNumber,
    OutOfRange(Option<i64>, Option<i64>),
    NotBoolean,
    NotDateTime,
    Email,
    Phone,
}

/// The problem with a value, if any.
pub fn problem(def: &AttributeDef, value: &str) -> Option<Problem> {
    match def.data_type {
        AttributeType::String => {
            let len = value.chars().count() as u32;
            let max = def.max_length.unwrap_or(DEFAULT_MAX_LENGTH);
            if len > max {
                return Some(Problem::TooLong(max));
            }
            if def.min_length.is_some_and(|min| len < min) {
                return def.min_length.map(Problem::TooShort);
            }
        }
        AttributeType::Number => {
            let Ok(n) = value.parse::<i64>() else { return Some(Problem::NotNumber) };
            if def.min_value.is_some_and(|min| n < min) || def.max_value.is_some_and(|max| n > max) {
                return Some(Problem::OutOfRange(def.min_value, def.max_value));
            }
        }
        AttributeType::Boolean if value != "true" && value != "false" => return Some(Problem::NotBoolean),
        AttributeType::DateTime if chrono::DateTime::parse_from_rfc3339(value).is_err() => return Some(Problem::NotDateTime),
        _ => {}
    }
    match def.name.as_str() {
        "email" if !looks_like_email(value) => Some(Problem::Email),
        "phone_number" if !looks_like_e164(value) => Some(Problem::Phone),
        _ => None,
    }
}

/// Every problem of a set of values at once (a form shows them all), with the attribute
/// each concerns; on creation also the required attributes left empty.
pub fn problems(schema: &[AttributeDef], attrs: &Attributes, creating: bool) -> Vec<(String, Problem)> {
    let mut out: Vec<(String, Problem)> = attrs
        .iter()
        .filter_map(|(name, value)| {
            let def = schema.iter().find(|d| &d.name == name)?;
            if value.is_empty() && def.required && creating {
                return Some((name.clone(), Problem::Required));
            }
            (!value.is_empty()).then(|| problem(def, value)).flatten().map(|p| (name.clone(), p))
        })
        .collect();
    if creating {
        for def in schema.iter().filter(|d| d.required) {
            if attrs.get(&def.name).is_none() {
                out.push((def.name.clone(), Problem::Required));
            }
        }
    }
    out
}

fn validate_value(def: &AttributeDef, value: &str) -> Result<(), Error> {
    let name = &def.name;
    let Some(p) = problem(def, value) else { return Ok(()) };
    let why = match p {
        // Cognito's wording for the two attributes every app collects.
        Problem::Email => return Err(Error::InvalidParameter("Invalid email address format.".into())),
        Problem::Phone => return Err(Error::InvalidParameter("Invalid phone number format: use E.164, like +14325551212.".into())),
        Problem::TooLong(max) => format!("must be at most {max} characters"),
        Problem::TooShort(min) => format!("must be at least {min} characters"),
        Problem::NotNumber => format!("{value:?} is not a whole number"),
        Problem::OutOfRange(min, max) => format!(
            "{value} is outside the allowed range {}..{}",
            min.map(|v| v.to_string()).unwrap_or_default(),
            max.map(|v| v.to_string()).unwrap_or_default()
        ),
        Problem::NotBoolean => format!("{value:?} must be true or false"),
        Problem::NotDateTime => format!("{value:?} is not an RFC 3339 date-time like 2026-01-31T12:00:00Z"),
        Problem::Required => format!("The attribute {name} is required"),
    };
    Err(Error::InvalidParameter(format!("{name}: {why}")))
}

pub fn looks_like_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
                && value.len() <= 254
        }
        None => false,
    }
}

pub fn looks_like_e164(value: &str) -> bool {
    value
        .strip_prefix('+')
        .is_some_and(|digits| (4..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()))
}

/// Parses `name=value` pairs as given on a command line.
pub fn parse_pairs(pairs: &[String]) -> Result<Attributes, Error> {
    let mut out = Attributes::new();
    for pair in pairs {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| Error::InvalidParameter(format!("attribute {pair:?} must be written name=value")))?;
        out.insert(name.trim().to_string(), value.to_string());
    }
    Ok(out)
}

/// An attribute as a token or userinfo claim: booleans and numbers typed, `identities`
/// as the list it holds, and `address` as the object OIDC Core 5.1.1 defines (a plain
/// string becomes `{"formatted": …}`, as Cognito does).
pub fn claim(schema: &[AttributeDef], name: &str, value: &str) -> serde_json::Value {
    use serde_json::{json, Value};
    match name {
        "identities" => serde_json::from_str(value).unwrap_or_else(|_| json!(value)),
        "address" => match serde_json::from_str::<Value>(value) {
            Ok(obj @ Value::Object(_)) => obj,
            _ => json!({ "formatted": value }),
        },
        _ => match schema.iter().find(|d| d.name == name).map(|d| d.data_type) {
            Some(AttributeType::Boolean) => json!(value == "true"),
            Some(AttributeType::Number) if name == "updated_at" => value.parse::<i64>().map(|n| json!(n)).unwrap_or(json!(value)),
            _ => json!(value),
        },
    }
}
