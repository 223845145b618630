//! The languages the hosted pages and the mails speak: one Fluent catalog per language
//! (`templates/i18n/<lang>.ftl`, built into the binary), and the choice of a language
//! from what a request asks for. Fluent (`fluent-bundle`) does the formatting and the
//! plural rules; the negotiation below is a few lines over BCP 47 tags.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language Cognate ships.
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 tag, as in `ui_locales`, `lang` and `<html lang>`.
    pub code: &'static str,
    /// Its name in itself, for the language picker.
    pub name: &'static str,
    pub rtl: bool,
    source: &'static str,
}

/// Every shipped language; English is the reference and the last fallback.
pub static LANGUAGES: [Language; 8] = [
    Language { code: "en", name: "English", rtl: false, source: include_str!("../../templates/i18n/en.ftl") },
    Language { code: "fr", name: "Français", rtl: false, source: include_str!("../../templates/i18n/fr.ftl") },
    Language { code: "de", name: "Deutsch", rtl: false, source: include_str!("../../templates/i18n/de.ftl") },
    Language { code: "es", name: "Español", rtl: false, source: include_str!("../../templates/i18n/es.ftl") },
    Language { code: "pt-BR", name: "Português (Brasil)", rtl: false, source: include_str!("../../templates/i18n/pt-BR.ftl") },
    Language { code: "it", name: "Italiano", rtl: false, source: include_str!("../../templates/i18n/it.ftl") },
    Language { code: "ja", name: "日本語", rtl: false, source: include_str!("../../templates/i18n/ja.ftl") },
    Language { code: "ar", name: "العربية", rtl: true, source: include_str!("../../templates/i18n/ar.ftl") },
];

/// One language's messages, with English behind it for any key it lacks (a test makes
/// sure none is lacking).
pub struct Catalog {
    pub language: &'static Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").field("language", &self.language.code).finish()
    }
}

fn bundle(lang: &'static Language) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = lang.code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks would end up inside input values and mail subjects.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(lang.source.to_string()).unwrap_or_else(|(partial, errors)| {
        tracing::error!(language = lang.code, ?errors, "a message catalog has syntax errors; its broken entries fall back to English");
        partial
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(language = lang.code, ?errors, "a message catalog has duplicate keys");
    }
    bundle
}

fn catalogs() -> &'static [Catalog] {
    static ALL: OnceLock<Vec<Catalog>> = OnceLock::new();
    ALL.get_or_init(|| LANGUAGES.iter().map(|l| Catalog { language: l, bundle: bundle(l) }).collect())
}

/// English: the reference catalog.
pub fn english() -> &'static Catalog {
    &catalogs()[0]
}

/// The catalog of a shipped language, by its exact code.
pub fn catalog(code: &str) -> Option<&'static Catalog> {
    catalogs().iter().find(|c| c.language.code == code)
}

impl Catalog {
    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(language = self.language.code, key, ?errors, "a message did not format cleanly");
        }
        Some(text)
    }

    fn lookup(&self, key: &str, args: Option<&FluentArgs>) -> String {
        self.format(key, args)
            .or_else(|| english().format(key, args))
            .unwrap_or_else(|| {
                tracing::error!(key, "no message has this key, not even in English");
                key.to_string()
            })
    }

    /// A message without variables.
    pub fn get(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// A message with variables (`{ $name }`); numbers choose plural forms.
    pub fn fmt(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(t) => fluent.set(*name, FluentValue::from(t.to_string())),
                Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
            }
        }
        self.lookup(key, Some(&fluent))
    }

    /// A one-variable message, the common case.
    pub fn with(&self, key: &str, name: &str, value: &str) -> String {
        self.fmt(key, &[(name, Arg::Text(value))])
    }

    pub fn code(&self) -> &'static str {
        self.language.code
    }

    /// `rtl` or `ltr`, for `<html dir>`.
    pub fn dir(&self) -> &'static str {
        if self.language.rtl { "rtl" } else { "ltr" }
    }

    /// Whether the catalog itself (not the English fallback) has a key.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }
}

/// A message variable.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

/// The shipped language a tag asks for: the exact tag (case-insensitive), else the
/// first one with the same primary language (`pt-PT` → `pt-BR`, `fr-CA` → `fr`).
pub fn matching(tag: &str) -> Option<&'static Catalog> {
    let tag = tag.trim();
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    if tag.is_empty() || tag == "*" {
        return None;
    }
    let normal = tag.replace('_', "-");
    catalogs()
        .iter()
        .find(|c| c.language.code.eq_ignore_ascii_case(&normal))
        .or_else(|| catalogs().iter().find(|c| primary(c.language.code) == primary(&normal)))
}

/// The tags of an `Accept-Language` header, best first (RFC 9110 §12.5.4); q=0 is left out.
pub fn accept_language(header: &str) -> Vec<String> {
    let mut tags: Vec<(String, u16)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().to_string();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(|q| q.trim().parse::<f32>().unwrap_or(0.0)))
                .unwrap_or(1.0);
            (!tag.is_empty() && q > 0.0).then_some((tag, (q.clamp(0.0, 1.0) * 1000.0) as u16))
        })
        .collect();
    // A stable sort keeps the header's order among equal weights.
    tags.sort_by_key(|t| std::cmp::Reverse(t.1));
    tags.into_iter().map(|(t, _)| t).collect()
}

/// The first shipped language among the candidates, in the order given, else English.
pub fn choose<'a>(candidates: impl IntoIterator<Item = &'a str>) -> &'static Catalog {
    candidates.into_iter().find_map(matching).unwrap_or_else(english)
}

#[cfg(test)]
mod tests;
