//! Every page and state a person can meet, each seen in light and dark, at desktop and
//! phone width: screenshotted as `{page}-{lang}-{light|dark}-{desktop|phone}.png`,
//! checked for layout (no sideways scrolling, nothing cut off at an edge, a heading,
//! `<html lang dir>`, a named logo) and by axe.
//! Problems are collected over the whole tour and reported together at the end, so one
//! run lists everything the page author has to fix.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use serde_json::{json, Value};

use super::axe::{Axe, Violation};
use super::pages;
use super::screens_dir;
use crate::webdriver::{Browser, DESKTOP, PHONE};

/// The languages written right to left among those Cognate speaks.
const RTL: &[&str] = &["ar"];

pub struct Gallery<'a> {
    b: &'a Browser,
    lang: &'static str,
    axe: Axe,
    screens: PathBuf,
    pages: Vec<String>,
    /// One layout problem on a page (by its place in the tour), and the variants it shows in.
    layout: BTreeMap<(usize, String, String), Vec<String>>,
    /// One violation (page, rule, help, elements) and the variants it shows in.
    violations: BTreeMap<(usize, String, String, String, String), Vec<String>>,
    /// Variants where axe decided colour contrast, and those (right to left) where not.
    contrast_checked: usize,
    contrast_skipped: Vec<String>,
}

/// What the layout checks read from the page, in one round trip.
const LAYOUT: &str = r#"
const h = document.querySelector('h1'), html = document.documentElement;
const logo = document.querySelector('img.logo'), name = document.querySelector('.app-name');
return { scroll: document.scrollingElement.scrollWidth, inner: innerWidth, h1: h ? h.innerText.trim() : null,
         lang: html.getAttribute('lang'), dir: html.getAttribute('dir'),
         // A logo that stands for the app must say its name, unless the name is written out.
         named: !logo || logo.alt.trim() !== '' || (!!name && name.innerText.trim() !== ''), outside: outside() };
// Elements cut off at either edge. In a right-to-left page what sticks out on the left
// cannot be scrolled to, so scrollWidth alone does not see it.
function outside() {
  const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
  return [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && (r.left < -1 || r.right > innerWidth + 1) && !clipped(e);
  }).slice(0, 4).map(e => { const r = e.getBoundingClientRect(); return `${name(e)} at ${Math.round(r.left)}..${Math.round(r.right)} px`; });
}
"#;

impl<'a> Gallery<'a> {
    pub fn new(b: &'a Browser, lang: &'static str) -> Gallery<'a> {
        Gallery {
            b,
            lang,
            axe: Axe::load(),
            screens: screens_dir(),
            pages: Vec::new(),
            layout: BTreeMap::new(),
            violations: BTreeMap::new(),
            contrast_checked: 0,
            contrast_skipped: Vec::new(),
        }
    }

    /// Checks and photographs the page the browser shows now, in every variant, and
    /// leaves the browser light and at desktop width.
    pub async fn capture(&mut self, page: &str) {
        let started = Instant::now();
        self.pages.push(page.to_string());
        for dark in [false, true] {
            let theme = if dark { "dark" } else { "light" };
            self.b.color_scheme(dark).await;
            for v in [DESKTOP, PHONE] {
                self.b.set_viewport(v).await;
                let variant = format!("{}-{theme}-{}", self.lang, v.name);
                self.check_layout(page, &variant).await;
                self.b.screenshot(&self.screens.join(format!("{page}-{variant}.png"))).await;
                let (violations, contrast) = self.axe.check(self.b).await;
                for found in violations {
                    self.record(page, &variant, found);
                }
                if contrast {
                    self.contrast_checked += 1;
                } else if RTL.contains(&self.lang) {
                    // axe's icon-ligature heuristic takes joined Arabic script for icon
                    // glyphs on some pages and leaves their contrast undecided; noted.
                    self.contrast_skipped.push(format!("{page}-{variant}"));
                } else {
                    self.layout.entry((self.pages.len(), page.to_string(), "axe did not decide colour contrast".into())).or_default().push(variant.clone());
                }
            }
        }
        self.b.color_scheme(false).await;
        self.b.set_viewport(DESKTOP).await;
        println!("browser gallery: {page}-{} captured in {:.1} s", self.lang, started.elapsed().as_secs_f64());
    }

    async fn check_layout(&mut self, page: &str, variant: &str) {
        let l = self.b.js(LAYOUT).await;
        let mut wrong = Vec::new();
        if l["scroll"].as_u64() > l["inner"].as_u64() {
            wrong.push(format!("scrolls sideways (content {} px wide in a {} px viewport)", l["scroll"], l["inner"]));
        }
        if l["h1"].as_str().is_none_or(str::is_empty) {
            wrong.push("has no <h1> heading".to_string());
        }
        if l["lang"] != json!(self.lang) {
            wrong.push(format!("has <html lang={}>, not {:?}", l["lang"], self.lang));
        }
        let dir = if RTL.contains(&self.lang) { "rtl" } else { "ltr" };
        if l["dir"] != json!(dir) {
            wrong.push(format!("has <html dir={}>, not {dir:?}", l["dir"]));
        }
        if let Some(cut) = l["outside"].as_array().filter(|a| !a.is_empty()) {
            let cut: Vec<&str> = cut.iter().filter_map(Value::as_str).collect();
            wrong.push(format!("has elements past the edge of the {} px viewport: {}", l["inner"], cut.join(", ")));
        }
        if l["named"] != json!(true) {
            wrong.push("shows the app only as a logo with alt=\"\" (no name for screen readers)".to_string());
        }
        for w in wrong {
            self.layout.entry((self.pages.len(), page.to_string(), w)).or_default().push(variant.to_string());
        }
    }

    /// A problem the tour found on `page` beyond the layout and axe checks.
    pub fn problem(&mut self, page: &str, what: &str) {
        let at = self.pages.iter().position(|p| p == page).unwrap_or(self.pages.len());
        self.layout.entry((at + 1, page.to_string(), what.to_string())).or_default().push(self.lang.to_string());
    }

    fn record(&mut self, page: &str, variant: &str, v: Violation) {
        let key = (self.pages.len(), page.to_string(), format!("{} ({})", v.rule, v.impact), v.help, v.targets.join(", "));
        self.violations.entry(key).or_default().push(variant.to_string());
    }

    /// Proves on the page shown now that axe reports what it should.
    pub async fn canary(&self) {
        self.axe.canary(self.b).await;
    }

    /// Fails the test with every layout problem and every serious or critical axe
    /// violation found on the tour, grouped by page.
    pub fn finish(self) {
        println!("browser gallery: {} pages in {:?}, screenshots in {}", self.pages.len(), self.lang, self.screens.display());
        if !self.contrast_skipped.is_empty() {
            println!("browser gallery: axe left colour contrast undecided on {}", self.contrast_skipped.join(", "));
        }
        let mut report = String::new();
        if self.contrast_checked == 0 {
            report.push_str("  axe decided colour contrast on no page at all\n");
        }
        for ((_, page, problem), variants) in &self.layout {
            report.push_str(&format!("  layout: {page} [{}]: {problem}\n", variants.join(" ")));
        }
        for ((_, page, rule, help, targets), variants) in &self.violations {
            report.push_str(&format!("  axe: {page} [{}]: {rule}: {help}\n      on: {targets}\n", variants.join(" ")));
        }
        if !report.is_empty() {
            let count = self.layout.len() + self.violations.len();
            panic!("{count} problems on the hosted pages in {:?}:\n{report}", self.lang);
        }
    }
}

#[tokio::test]
async fn every_page_in_english() {
    pages::tour("en").await;
}

#[tokio::test]
async fn every_page_in_arabic() {
    pages::tour("ar").await;
}
