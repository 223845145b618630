//! ListUsers: Cognito's filter language (`attribute = "value"` for an exact match,
//! `attribute ^= "value"` for a prefix; an empty filter lists everyone), matched
//! case-insensitively on the standard attributes Cognito searches, paged in a stable
//! order with an opaque token that carries where the last page ended.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::ids::PoolId;
use super::users::User;
use super::{pools, Context};
use crate::db::models::UserRow;
use crate::db::queries;
use crate::db::queries::users::{Match, SearchColumn};
use crate::error::{Error, Result};

/// The attributes a filter may name, and the column each is kept in.
const ATTRIBUTES: &[(&str, SearchColumn)] = &[
    ("username", SearchColumn::Username),
    ("email", SearchColumn::Email),
    ("phone_number", SearchColumn::PhoneNumber),
    ("name", SearchColumn::Name),
    ("given_name", SearchColumn::GivenName),
    ("family_name", SearchColumn::FamilyName),
    ("preferred_username", SearchColumn::PreferredUsername),
    ("cognito:user_status", SearchColumn::Status),
    ("status", SearchColumn::Enabled),
    ("sub", SearchColumn::Sub),
];

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub attribute: String,
    pub prefix: bool,
    pub value: String,
}

fn invalid(why: &str) -> Error {
    Error::InvalidParameter(format!("Invalid filter: {why}. Use attribute = \"value\" or attribute ^= \"value\"."))
}

/// Parses `name = "value"` or `name ^= "value"` (a value may escape `"` and `\` with `\`).
pub fn parse(text: &str) -> Result<Option<Filter>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let name_end = text.find(|c: char| c.is_whitespace() || c == '=' || c == '^').ok_or_else(|| invalid("no operator"))?;
    let attribute = text[..name_end].to_string();
    let rest = text[name_end..].trim_start();
    let (prefix, rest) = if let Some(r) = rest.strip_prefix("^=") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (false, r)
    } else {
        return Err(invalid("the operator must be = or ^="));
    };
    let rest = rest.trim();
    let quoted = rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')).ok_or_else(|| invalid("the value must be in double quotes"))?;
    let mut value = String::with_capacity(quoted.len());
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => value.push(chars.next().ok_or_else(|| invalid("a value may not end in a backslash"))?),
            '"' => return Err(invalid("a quote inside the value must be escaped as \\\"")),
            c => value.push(c),
        }
    }
    if !ATTRIBUTES.iter().any(|(a, _)| *a == attribute) {
        let known: Vec<&str> = ATTRIBUTES.iter().map(|(a, _)| *a).collect();
        return Err(Error::InvalidParameter(format!("Invalid search attribute {attribute:?}; one of {} may be searched.", known.join(", "))));
    }
    Ok(Some(Filter { attribute, prefix, value }))
}

/// Where a page ended: the filtered column's value and the sub of the last user, with
/// the filter it belongs to (a token is refused with another filter).
#[derive(Serialize, Deserialize)]
struct Token {
    f: String,
    v: String,
    s: String,
}

fn bad_token() -> Error {
    Error::InvalidParameter("Invalid pagination token.".into())
}

fn sort_value(column: SearchColumn, row: &UserRow) -> String {
    let v = match column {
        SearchColumn::Username => &row.search_username,
        SearchColumn::Email => &row.search_email,
        SearchColumn::PhoneNumber => &row.search_phone_number,
        SearchColumn::Name => &row.search_name,
        SearchColumn::GivenName => &row.search_given_name,
        SearchColumn::FamilyName => &row.search_family_name,
        SearchColumn::PreferredUsername => &row.search_preferred_username,
        SearchColumn::Status => return row.status.clone(),
        SearchColumn::Sub | SearchColumn::Enabled => return row.sub.clone(),
    };
    v.clone().unwrap_or_default()
}

/// One page of users matching `filter` (Cognito's ListUsers), at most `limit` (1 to 60),
/// and the token of the next page when there may be one.
pub fn list(ctx: &Context, pool_id: &PoolId, filter: Option<&str>, token: Option<&str>, limit: u32) -> Result<(Vec<User>, Option<String>)> {
    let parsed = parse(filter.unwrap_or_default())?;
    let filter_key = parsed.as_ref().map(|f| format!("{}{}{}", f.attribute, if f.prefix { "^=" } else { "=" }, f.value)).unwrap_or_default();
    let after = match token {
        Some(t) => {
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(t).map_err(|_| bad_token())?;
            let tok: Token = serde_json::from_slice(&bytes).map_err(|_| bad_token())?;
            if tok.f != filter_key {
                return Err(bad_token());
            }
            Some(tok)
        }
        None => None,
    };
    let (column, lowered, m) = match &parsed {
        None => (SearchColumn::Username, String::new(), None),
        Some(f) => {
            let column = ATTRIBUTES.iter().find(|(a, _)| *a == f.attribute).map(|(_, c)| *c).ok_or_else(|| invalid("unknown attribute"))?;
            let value = match column {
                SearchColumn::Status => f.value.to_uppercase(),
                SearchColumn::Enabled => f.value.clone(),
                _ => f.value.to_lowercase(),
            };
            (column, value, Some(f.prefix))
        }
    };
    let m = match (column, m) {
        (_, None) => Match::Any,
        // `status` is the enabled state, named as the console does: "Enabled" or "Disabled".
        (SearchColumn::Enabled, Some(prefix)) => {
            let hits = |word: &str| if prefix { word.starts_with(lowered.as_str()) } else { word == lowered };
            match (hits("Enabled"), hits("Disabled")) {
                (true, true) => Match::Any,
                (true, false) => Match::Enabled(true),
                (false, true) => Match::Enabled(false),
                (false, false) if prefix => return Ok((Vec::new(), None)),
                (false, false) => return Err(Error::InvalidParameter("The status filter takes \"Enabled\" or \"Disabled\".".into())),
            }
        }
        (_, Some(true)) => Match::Prefix(&lowered),
        (_, Some(false)) => Match::Equals(&lowered),
    };
    let limit = limit.clamp(1, 60);
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool_id)?;
    let after_pair = after.as_ref().map(|t| (t.v.as_str(), t.s.as_str()));
    let rows = queries::users::search(&mut conn, pool_id.as_str(), column, m, after_pair, i64::from(limit))?;
    let next = if rows.len() == limit as usize {
        rows.last().map(|last| {
            let tok = Token { f: filter_key.clone(), v: sort_value(column, last), s: last.sub.clone() };
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&tok).unwrap_or_default())
        })
    } else {
        None
    };
    let users = rows.into_iter().map(User::from_row).collect::<Result<Vec<_>>>()?;
    Ok((users, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cognito_filters() {
        let f = parse(r#"email ^= "Ann""#).unwrap().unwrap();
        assert_eq!(f, Filter { attribute: "email".into(), prefix: true, value: "Ann".into() });
        let f = parse(r#"  name="a \"b\" \\ c"  "#).unwrap().unwrap();
        assert_eq!((f.prefix, f.value.as_str()), (false, r#"a "b" \ c"#));
        assert_eq!(parse("  ").unwrap(), None);
        assert!(parse(r#"custom:x = "1""#).is_err());
        assert!(parse(r#"email = ann"#).is_err());
        assert!(parse(r#"email ~ "ann""#).is_err());
        assert!(parse(r#"email = "a"b""#).is_err());
    }
}
