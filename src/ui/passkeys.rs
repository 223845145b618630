//! Passkeys on the hosted pages: the sign-in page's "Sign in with a passkey" and the
//! account page's list. The credentials API needs JavaScript (`static/passkeys.js`);
//! without it the forms stay hidden.

use super::flow::Flow;
use super::views::{PasskeyForm, PasskeyView};
use crate::domain::ids::PoolId;
use crate::domain::Context;
use crate::error::Result;
use crate::i18n::Catalog;

/// A passkey as the account page lists it.
pub struct Listed {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// The user's passkeys, or `None` when the pool does not offer passkeys.
pub fn listed(_ctx: &Context, _pool: &PoolId, _sub: &str) -> Result<Option<Vec<Listed>>> {
    Ok(None)
}

pub fn view(t: &Catalog, p: Listed) -> PasskeyView {
    PasskeyView {
        id: p.id,
        name: p.name,
        created: super::messages::readable_time(t, p.created_at),
        last_used: p.last_used_at.map(|at| super::messages::readable_time(t, at)).unwrap_or_else(|| t.get("passkeys-never-used")),
    }
}

/// The sign-in page's passkey form, when the pool offers passkeys.
pub fn sign_in_form(_flow: &Flow) -> Option<PasskeyForm> {
    None
}

/// "Use a passkey" on an MFA step, for a user who has one.
pub fn second_factor_form(_flow: &Flow, _ch: &crate::domain::auth::challenges::Challenge) -> Option<PasskeyForm> {
    None
}

/// The account page's "Add a passkey".
pub(super) fn register_form(v: &super::account::Visit) -> PasskeyForm {
    PasskeyForm { action: format!("{}/account/passkeys/register{}", v.base(), v.query_string()), options: format!("{}/account/passkeys/options{}", v.base(), v.query_string()) }
}
