//! How commands print: JSON for scripts, aligned text for people, errors on stderr.

use std::process::ExitCode;

use serde::Serialize;

use crate::error::Error;

pub fn print<T: Serialize>(json: bool, value: &T, human: impl FnOnce() -> String) {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: cannot render JSON: {e}"),
        }
    } else {
        println!("{}", human());
    }
}

pub fn fail(json: bool, error: &Error) -> ExitCode {
    if json {
        eprintln!("{}", serde_json::json!({ "__type": error.cognito_type(), "message": error.to_string() }));
    } else {
        eprintln!("error: {error}");
    }
    ExitCode::FAILURE
}

/// `key: value` lines, keys padded to one width.
pub fn fields(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter().map(|(k, v)| format!("{k:<width$}  {v}")).collect::<Vec<_>>().join("\n")
}

/// A table with a header row; columns padded to their widest cell.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    if rows.is_empty() {
        return "(none)".into();
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        cells.iter().enumerate().map(|(i, c)| format!("{c:<w$}", w = widths[i])).collect::<Vec<_>>().join("  ").trim_end().to_string()
    };
    let mut out = vec![line(header.iter().map(|h| h.to_string()).collect())];
    out.extend(rows.into_iter().map(line));
    out.join("\n")
}

pub fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}

/// Splits comma-separated values given once or repeated (`--x a,b --x c`).
pub fn split(values: &[String]) -> Vec<String> {
    values.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect()
}
