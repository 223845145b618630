//! Passkeys on the hosted pages: the sign-in page's "Sign in with a passkey" and the
//! account page's list. The credentials API needs JavaScript (`static/passkeys.js`);
//! without it the forms stay hidden.

use super::flow::Flow;
use super::views::PasskeyView;
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

/// Where the sign-in page's passkey form posts, when the pool offers passkeys.
pub fn sign_in_action(_flow: &Flow) -> Option<String> {
    None
}
