//! Which relying party a pool's passkeys belong to, and which browser origins may use
//! them. The RP ID is the pool's WebAuthnConfiguration RelyingPartyId, else the host of
//! its hosted login: its custom domain, its prefix domain under the public URL's host,
//! or the public URL's host (as Cognito defaults to the pool's domain). Origins:
//! `https://{rp_id}` on any port; `http://localhost` on any port when the RP ID is
//! `localhost` (browsers treat it as secure); and the public URL and the pool's domains
//! when their host is the RP ID or under it.

use url::Url;
use webauthn_rs::{Webauthn, WebauthnBuilder};

use crate::db::queries;
use crate::domain::pools::Pool;
use crate::domain::Context;
use crate::error::{Error, Result};

/// A DNS host name (what an RP ID must be: never an IP address, a scheme or a port).
pub(super) fn is_host_name(s: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    !s.is_empty() && s.len() <= 127 && s.split('.').all(label_ok) && !s.split('.').all(|l| l.bytes().all(|b| b.is_ascii_digit()))
}

fn public_host(ctx: &Context) -> Option<String> {
    Url::parse(&ctx.public_url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// The hosts of the pool's domains (custom ones first).
fn domain_hosts(ctx: &Context, pool: &Pool) -> Result<Vec<String>> {
    let public = public_host(ctx).unwrap_or_default();
    let mut rows = queries::domains::for_pool(&mut *ctx.conn()?, pool.id.as_str())?;
    rows.sort_by_key(|d| !d.domain.contains('.'));
    Ok(rows.into_iter().map(|d| if d.domain.contains('.') { d.domain } else { format!("{}.{public}", d.domain) }).collect())
}

/// The pool's RP ID, or WebAuthnConfigurationMissing when neither the setting nor the
/// hosted login's host gives one (a public URL on an IP address and no domain).
pub fn relying_party_id(ctx: &Context, pool: &Pool) -> Result<String> {
    if let Some(id) = &pool.settings.webauthn.relying_party_id {
        return Ok(id.clone());
    }
    let host = domain_hosts(ctx, pool)?.into_iter().next().or_else(|| public_host(ctx)).unwrap_or_default();
    if is_host_name(&host) {
        return Ok(host);
    }
    Err(Error::WebAuthnConfigurationMissing(
        "The user pool has no relying party for passkeys: set WebAuthnConfiguration's RelyingPartyId or give the pool a domain.".into(),
    ))
}

fn under(host: &str, rp_id: &str) -> bool {
    host == rp_id || host.strip_suffix(rp_id).is_some_and(|prefix| prefix.ends_with('.'))
}

/// The origins a browser may answer from (ports aside: any port is accepted).
pub fn allowed_origins(ctx: &Context, pool: &Pool) -> Result<Vec<Url>> {
    let rp_id = relying_party_id(ctx, pool)?;
    let mut out = Vec::new();
    let mut add = |text: String| {
        if let Ok(u) = Url::parse(&text) {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    };
    add(format!("https://{rp_id}"));
    if rp_id == "localhost" {
        add("http://localhost".into());
    }
    if let Ok(public) = Url::parse(&ctx.public_url) {
        if public.host_str().is_some_and(|h| under(&h.to_ascii_lowercase(), &rp_id)) {
            add(public.origin().ascii_serialization());
        }
    }
    for host in domain_hosts(ctx, pool)? {
        if under(&host, &rp_id) {
            add(format!("https://{host}"));
        }
    }
    Ok(out)
}

/// The pool's relying party, as webauthn-rs checks ceremonies against it.
pub(super) fn build(ctx: &Context, pool: &Pool) -> Result<(Webauthn, String)> {
    let rp_id = relying_party_id(ctx, pool)?;
    let origins = allowed_origins(ctx, pool)?;
    let misconfigured = |e: webauthn_rs::prelude::WebauthnError| Error::WebAuthnConfigurationMissing(format!("The relying party {rp_id:?} cannot be used: {e}"));
    let first = origins.first().ok_or_else(|| Error::WebAuthnConfigurationMissing("no origin for the relying party".into()))?;
    let mut builder = WebauthnBuilder::new(&rp_id, first).map_err(misconfigured)?.rp_name(&pool.name).allow_any_port(true);
    for origin in &origins[1..] {
        builder = builder.append_allowed_origin(origin);
    }
    let rp = builder.build().map_err(misconfigured)?;
    Ok((rp, rp_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert!(is_host_name("localhost"));
        assert!(is_host_name("auth.example.com"));
        assert!(!is_host_name("127.0.0.1"));
        assert!(!is_host_name("https://example.com"));
        assert!(!is_host_name("example.com:443"));
        assert!(!is_host_name(""));
        assert!(!is_host_name("Example.com"));
    }

    #[test]
    fn subdomains() {
        assert!(under("auth.example.com", "example.com"));
        assert!(under("example.com", "example.com"));
        assert!(!under("badexample.com", "example.com"));
    }
}
