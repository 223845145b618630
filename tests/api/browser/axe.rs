//! axe-core (Deque's accessibility rules, pinned in `tests/peers/axe/`) run inside the
//! page. The script goes in through WebDriver's execute script, which chromedriver runs
//! over DevTools: the pages' Content-Security-Policy (`default-src 'none'`, no
//! `unsafe-inline`) does not apply to it, while it still blocks a `<script>` the page
//! itself would add, which [`Axe::check`] shows on every page it checks.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::webdriver::Browser;

/// What axe found wrong, with the elements (CSS selectors) it found it on.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {} on {}", self.rule, self.impact, self.help, self.targets.join(", "))
    }
}

pub struct Axe {
    source: String,
}

/// Runs axe over the whole document and hands back, as JSON text, the violations with
/// the fields a report needs (a node's `target` is a CSS selector path, possibly into
/// shadow roots, hence `flat()`).
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document).then(r => done(JSON.stringify(r.violations.map(v => ({
  rule: v.id, impact: v.impact || '', help: v.help,
  targets: v.nodes.map(n => [].concat(n.target).flat().join(' '))
})).concat([{ passed: r.passes.map(p => p.id), undecided: r.incomplete.map(p => p.id) }])))).catch(e => done(JSON.stringify({ error: String(e && e.stack || e) })));
"#;

/// Adds an inline `<script>` as the page itself could and reports whether it ran: with
/// the pages' CSP it must not (and a `securitypolicyviolation` event says why).
const INLINE_SCRIPT_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
let blocked = false;
document.addEventListener('securitypolicyviolation', () => { blocked = true; }, { once: true });
const s = document.createElement('script');
s.textContent = 'window.__cognateInlineRan = true';
document.head.appendChild(s);
s.remove();
setTimeout(() => done({ ran: window.__cognateInlineRan === true, blocked }), 50);
"#;

impl Axe {
    /// Reads `axe.min.js` as `tests/peers/install.sh` installed it.
    pub fn load() -> Axe {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/axe/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} ({e}): run `bash tests/peers/install.sh` (npm ci of axe-core)", path.display()));
        Axe { source }
    }

    /// The serious and critical violations on the page the browser shows. Injects axe
    /// first (once per document) and checks that the page's own CSP stays in force.
    /// Also says whether axe decided colour contrast on the page (a check that found
    /// nothing must have looked).
    pub async fn check(&self, b: &Browser) -> (Vec<Violation>, bool) {
        if b.js("return typeof window.axe").await != json!("object") {
            let script = format!("{}\n;return typeof window.axe;", self.source);
            assert_eq!(b.js(&script).await, json!("object"), "axe-core did not load on {}", b.url().await);
            self.assert_csp_holds(b).await;
        }
        let raw = b.js_async(RUN).await;
        let found: Value = serde_json::from_str(raw.as_str().unwrap_or_else(|| panic!("axe.run gave {raw}"))).expect("axe results JSON");
        assert!(found.get("error").is_none(), "axe.run failed on {}: {}", b.url().await, found["error"]);
        let mut serious = Vec::new();
        let mut found = found.as_array().expect("violations").clone();
        let tally = found.pop().unwrap_or_default();
        let contrast = |list: &str| tally[list].as_array().is_some_and(|l| l.contains(&json!("color-contrast")));
        let contrast_checked = contrast("passed") || contrast("undecided") || found.iter().any(|v| v["rule"] == "color-contrast");
        for v in &found {
            let impact = v["impact"].as_str().unwrap_or_default();
            if impact == "serious" || impact == "critical" {
                serious.push(Violation {
                    rule: v["rule"].as_str().unwrap_or_default().to_string(),
                    impact: impact.to_string(),
                    help: v["help"].as_str().unwrap_or_default().to_string(),
                    targets: v["targets"].as_array().into_iter().flatten().filter_map(|t| t.as_str().map(String::from)).collect(),
                });
            }
        }
        (serious, contrast_checked)
    }

    /// axe got in through DevTools; the page's CSP must still refuse inline scripts (if it
    /// did not, axe's success here would say nothing about the CSP).
    async fn assert_csp_holds(&self, b: &Browser) {
        let probe = b.js_async(INLINE_SCRIPT_PROBE).await;
        assert_eq!(probe, json!({ "ran": false, "blocked": true }), "an inline script was not refused by a CSP on {}", b.url().await);
    }

    /// Shows that the checker sees what it should: an image without a text alternative,
    /// added to the page for the moment, is reported (rule image-alt, critical).
    pub async fn canary(&self, b: &Browser) {
        b.js("const i = document.createElement('img'); i.id = 'axe-canary'; i.width = 8; i.height = 8; \
              i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.appendChild(i)").await;
        let (found, _) = self.check(b).await;
        b.js("document.getElementById('axe-canary').remove()").await;
        let seen = found.iter().any(|v| v.rule == "image-alt" && v.targets.iter().any(|t| t.contains("#axe-canary")));
        assert!(seen, "axe did not report an image without alt text on {}: {found:?}", b.url().await);
    }
}
