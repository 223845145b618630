//! A browser over plain HTTP for the hosted pages: keeps cookies, follows redirects
//! within Cognate, reads forms (action, CSRF token) from the HTML, and stops at the
//! redirect back to the app.

use crate::helpers::TestApp;

pub struct Web {
    pub client: reqwest::Client,
    base: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub url: String,
    pub location: Option<String>,
    pub body: String,
}

fn unescape(s: &str) -> String {
    s.replace("&#38;", "&").replace("&amp;", "&").replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'")
}

impl Page {
    /// The value of `attr="…"` after the first occurrence of `marker`.
    fn attr_after(&self, marker: &str, attr: &str) -> Option<String> {
        let at = self.body.find(marker)?;
        let rest = &self.body[at..];
        let start = rest.find(&format!("{attr}=\""))? + attr.len() + 2;
        let end = rest[start..].find('"')?;
        Some(unescape(&rest[start..start + end]))
    }

    pub fn csrf(&self) -> String {
        self.attr_after("name=\"csrf\"", "value").unwrap_or_else(|| panic!("no CSRF token on {}:\n{}", self.url, self.body))
    }

    /// The action of the `n`th form on the page (1 is the first).
    pub fn form_action(&self, n: usize) -> String {
        let mut rest = self.body.as_str();
        for _ in 0..n.saturating_sub(1) {
            let at = rest.find("<form").expect("form exists");
            rest = &rest[at + 5..];
        }
        let page = Page { body: rest.to_string(), ..self.clone() };
        page.attr_after("<form", "action").unwrap_or_else(|| panic!("no form #{n} on {}", self.url))
    }

    /// The text of the error box, else of the first error shown at a field.
    pub fn error(&self) -> Option<String> {
        let text_after = |marker: &str| {
            let at = self.body.find(marker)?;
            let rest = &self.body[at..];
            let rest = &rest[rest.find('>')? + 1..];
            Some(unescape(&rest[..rest.find("</p>")?]))
        };
        text_after("id=\"form-error\"").or_else(|| text_after("class=\"field-error\""))
    }

    /// The error shown at the field `name`, if any.
    pub fn field_error(&self, name: &str) -> Option<String> {
        let at = self.body.find(&format!("id=\"{name}-error\">"))?;
        let rest = &self.body[at..];
        let rest = &rest[rest.find('>')? + 1..];
        Some(unescape(&rest[..rest.find("</p>")?]))
    }

    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    /// A parameter of the redirect target, from its query or (implicit responses) fragment.
    pub fn location_param(&self, name: &str) -> Option<String> {
        let loc = self.location.as_ref()?;
        let url = url::Url::parse(loc).ok()?;
        let fragment = url.fragment().map(|f| url::form_urlencoded::parse(f.as_bytes()).into_owned().collect::<Vec<_>>()).unwrap_or_default();
        url.query_pairs().into_owned().chain(fragment).find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

impl Web {
    pub fn new(app: &TestApp) -> Web {
        Self::with_headers(app, reqwest::header::HeaderMap::new())
    }

    /// A browser that sends `headers` with every request (Accept-Language, say).
    pub fn with_headers(app: &TestApp, headers: reqwest::header::HeaderMap) -> Web {
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            // The server closes idle keep-alive connections after 5 s; a pooled one
            // reused at that moment fails with IncompleteMessage on a loaded machine.
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("client");
        Web { client, base: app.address.clone() }
    }

    /// A browser whose cookie jar the test can read.
    pub fn with_jar(app: &TestApp, jar: std::sync::Arc<reqwest::cookie::Jar>) -> Web {
        let client = reqwest::Client::builder()
            .cookie_provider(jar)
            .redirect(reqwest::redirect::Policy::none())
            // The server closes idle keep-alive connections after 5 s; a pooled one
            // reused at that moment fails with IncompleteMessage on a loaded machine.
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("client");
        Web { client, base: app.address.clone() }
    }

    fn absolute(&self, url: &str) -> String {
        if url.starts_with("http") { url.to_string() } else { format!("{}{url}", self.base) }
    }

    async fn page(url: String, resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
        Page { status, url, location, body: resp.text().await.unwrap_or_default() }
    }

    pub async fn get_once(&self, url: &str) -> Page {
        let url = self.absolute(url);
        let resp = self.client.get(&url).send().await.expect("GET sent");
        Self::page(url, resp).await
    }

    pub async fn post_once(&self, url: &str, form: &[(&str, &str)]) -> Page {
        let url = self.absolute(url);
        let resp = self.client.post(&url).form(form).send().await.expect("POST sent");
        Self::page(url, resp).await
    }

    /// Follows redirects while they stay on Cognate; returns the last page, or the
    /// redirect that leaves Cognate (to the app).
    pub async fn follow(&self, mut page: Page) -> Page {
        for _ in 0..10 {
            let Some(loc) = page.location.clone().filter(|_| (300..400).contains(&page.status)) else { return page };
            let next = self.absolute(&loc);
            if !next.starts_with(&self.base) {
                return page;
            }
            page = self.get_once(&next).await;
        }
        panic!("redirect loop at {}", page.url)
    }

    pub async fn get(&self, url: &str) -> Page {
        let first = self.get_once(url).await;
        self.follow(first).await
    }

    /// Submits form `n` of `page` with its CSRF token and `fields`, following redirects.
    /// Like a person, it types a new password twice where the form asks for it again
    /// (unless the test gives the confirmation itself).
    pub async fn submit(&self, page: &Page, n: usize, fields: &[(&str, &str)]) -> Page {
        let csrf = page.csrf();
        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        for (field, confirm) in [("password", "password_confirm"), ("new_password", "new_password_confirm")] {
            let asked = page.body.contains(&format!("name=\"{confirm}\""));
            if asked && !fields.iter().any(|(k, _)| *k == confirm) {
                if let Some((_, v)) = fields.iter().find(|(k, _)| *k == field) {
                    form.push((confirm, v));
                }
            }
        }
        let first = self.post_once(&page.form_action(n), &form).await;
        self.follow(first).await
    }
}

impl Web {
    /// Follows redirects to any host (an upstream provider and back) until one leads to
    /// `stop` (the app's callback), or a page answers without redirecting.
    pub async fn follow_anywhere(&self, mut page: Page, stop: &str) -> Page {
        for _ in 0..20 {
            let Some(loc) = page.location.clone().filter(|_| (300..400).contains(&page.status)) else { return page };
            let next = if loc.starts_with('/') {
                let u = url::Url::parse(&page.url).expect("absolute page URL");
                format!("{}://{}{loc}", u.scheme(), u.host_str().zip(u.port()).map(|(h, p)| format!("{h}:{p}")).unwrap_or_default())
            } else {
                loc
            };
            if next.starts_with(stop) {
                return page;
            }
            page = self.get_once(&next).await;
        }
        panic!("redirect loop at {}", page.url)
    }
}
