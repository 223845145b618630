//! Time as the database stores it: UTC seconds since the epoch.

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// RFC 3339 for people and JSON output.
pub fn rfc3339(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}
