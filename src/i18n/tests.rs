use std::collections::BTreeSet;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::*;

/// The message keys of a catalog, and for each the variables it uses.
fn keys(lang: &Language) -> Vec<(String, BTreeSet<String>)> {
    let resource = match FluentResource::try_new(lang.source.to_string()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}.ftl does not parse: {errors:?}", lang.code),
    };
    let mut out = Vec::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                variables(p, &mut vars);
            }
            out.push((m.id.name.to_string(), vars));
        }
    }
    out
}

fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

#[test]
fn every_catalog_has_every_key_english_has_with_the_same_variables() {
    let english: Vec<_> = keys(&LANGUAGES[0]);
    let reference: BTreeSet<&str> = english.iter().map(|(k, _)| k.as_str()).collect();
    assert!(reference.len() > 100, "the English catalog looks truncated");
    let mut problems = Vec::new();
    for lang in &LANGUAGES[1..] {
        let theirs = keys(lang);
        let names: BTreeSet<&str> = theirs.iter().map(|(k, _)| k.as_str()).collect();
        for missing in reference.difference(&names) {
            problems.push(format!("{}.ftl lacks `{missing}`", lang.code));
        }
        for extra in names.difference(&reference) {
            problems.push(format!("{}.ftl has `{extra}`, which English does not", lang.code));
        }
        for (key, vars) in &theirs {
            if let Some((_, want)) = english.iter().find(|(k, _)| k == key) {
                if vars != want {
                    problems.push(format!("{}.ftl `{key}` uses {vars:?}, English {want:?}", lang.code));
                }
            }
        }
    }
    assert!(problems.is_empty(), "catalogs out of step with English:\n{}", problems.join("\n"));
}

#[test]
fn negotiation_follows_the_tags_and_falls_back_to_english() {
    assert_eq!(choose(["xx", "fr-CA", "de"]).code(), "fr");
    assert_eq!(choose(["pt-PT"]).code(), "pt-BR");
    assert_eq!(choose(["PT_br"]).code(), "pt-BR");
    assert_eq!(choose(["zz", "*"]).code(), "en");
    assert_eq!(choose(Vec::<&str>::new()).code(), "en");
    assert_eq!(accept_language("de;q=0.5, ja, fr;q=0.9, it;q=0"), ["ja", "fr", "de"]);
    assert_eq!(catalog("ar").map(|c| c.dir()), Some("rtl"));
    assert_eq!(english().dir(), "ltr");
}

#[test]
fn plurals_and_variables_are_formatted() {
    let en = english();
    assert_eq!(en.fmt("account-recovery-left", &[("n", Arg::Number(1))]), "1 recovery code left.");
    assert_eq!(en.fmt("account-recovery-left", &[("n", Arg::Number(3))]), "3 recovery codes left.");
    assert_eq!(en.with("continue-with", "name", "Google"), "Continue with Google");
    // A key no catalog has comes back as itself, not as a panic.
    assert_eq!(en.get("no-such-key"), "no-such-key");
}
