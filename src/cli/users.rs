//! `cognate user …` and `cognate group …`

use clap::Subcommand;

use super::output::{self, fields, table};
use crate::config::Secret;
use crate::domain::attributes;
use crate::domain::groups::{self, NewGroup};
use crate::domain::ids::PoolId;
use crate::domain::users::{self, NewUser, User};
use crate::domain::mfa::{self, Factor};
use crate::domain::{time, user_admin, Context};
use crate::error::{Error, Result};

#[derive(Subcommand)]
pub enum UserCmd {
    /// Create a user (AdminCreateUser). Without a password a temporary one is generated and printed once.
    Create {
        #[arg(long)]
        pool: String,
        /// The username, or the email / phone number in pools that sign in with those.
        #[arg(long)]
        username: String,
        /// name=value (repeatable), e.g. email=ana@example.com or custom:plan=pro.
        #[arg(long, value_name = "NAME=VALUE")]
        attribute: Vec<String>,
        /// The password (visible in the process list; prefer --password-stdin).
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Make the password permanent (CONFIRMED) instead of temporary (FORCE_CHANGE_PASSWORD).
        #[arg(long)]
        permanent: bool,
        /// Do not mail the invitation with the temporary password.
        #[arg(long)]
        no_invitation: bool,
    },
    /// List users in username order.
    List {
        #[arg(long)]
        pool: String,
        #[arg(long, default_value_t = 60)]
        limit: u32,
        /// Start after this username (the last one of the previous page).
        #[arg(long)]
        after: Option<String>,
    },
    /// Show a user, by username or sign-in alias.
    Describe {
        #[arg(long)]
        pool: String,
        username: String,
    },
    Delete {
        #[arg(long)]
        pool: String,
        username: String,
    },
    /// Allow the user to sign in again.
    Enable {
        #[arg(long)]
        pool: String,
        username: String,
    },
    /// Stop the user from signing in; their refresh tokens stop working too.
    Disable {
        #[arg(long)]
        pool: String,
        username: String,
    },
    /// Set the password: permanent, or temporary (changed at the next sign-in).
    SetPassword {
        #[arg(long)]
        pool: String,
        username: String,
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        permanent: bool,
    },
    /// Require a password reset: the password stops working and a reset code is mailed.
    ResetPassword {
        #[arg(long)]
        pool: String,
        username: String,
    },
    /// Revoke all refresh tokens and end all sessions of the user.
    SignOut {
        #[arg(long)]
        pool: String,
        username: String,
    },
    /// Show or change the user's second factors (AdminSetUserMFAPreference).
    Mfa {
        #[arg(long)]
        pool: String,
        username: String,
        /// Turn the authenticator app off (it is turned on by the user setting one up).
        #[arg(long, value_name = "on|off", value_parser = on_off)]
        totp: Option<bool>,
        /// Email codes (needs a verified email).
        #[arg(long, value_name = "on|off", value_parser = on_off)]
        email: Option<bool>,
        /// Text-message codes (needs a verified phone_number).
        #[arg(long, value_name = "on|off", value_parser = on_off)]
        sms: Option<bool>,
        /// SOFTWARE_TOKEN_MFA, EMAIL_OTP or SMS_MFA.
        #[arg(long)]
        preferred: Option<String>,
    },
    /// List the user's remembered devices.
    Devices {
        #[arg(long)]
        pool: String,
        username: String,
    },
    /// Forget one remembered device: it must pass MFA again.
    ForgetDevice {
        #[arg(long)]
        pool: String,
        username: String,
        device_key: String,
    },
}

fn on_off(s: &str) -> std::result::Result<bool, String> {
    match s {
        "on" | "true" => Ok(true),
        "off" | "false" => Ok(false),
        other => Err(format!("{other:?}: say on or off")),
    }
}

fn read_password(password: Option<String>, from_stdin: bool) -> Result<Option<Secret>> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| Error::InvalidParameter(format!("cannot read the password: {e}")))?;
        return Ok(Some(Secret::new(line.trim_end_matches(['\r', '\n']))));
    }
    Ok(password.map(Secret::new))
}

pub fn run(ctx: &Context, cmd: UserCmd, json: bool) -> Result<()> {
    match cmd {
        UserCmd::Create { pool, username, attribute, password, password_stdin, permanent, no_invitation } => {
            let password = read_password(password, password_stdin)?;
            let created = users::admin_create(
                ctx,
                &PoolId::parse(&pool)?,
                NewUser { username, attributes: attributes::parse_pairs(&attribute)?, password, permanent, send_invitation: !no_invitation, invite_by: Default::default(), force_alias: false, validation_data: None, client_metadata: None },
            )?;
            let temp = created.generated_password.as_ref().map(|p| p.expose().to_string());
            let value = serde_json::json!({ "user": created.user, "temporary_password": temp });
            output::print(json, &value, || {
                let mut text = format!("created user {}\n{}", created.user.username, describe(&created.user, &[]));
                if let Some(t) = &temp {
                    text.push_str(&format!("\ntemporary password (shown once): {t}"));
                }
                text
            });
        }
        UserCmd::List { pool, limit, after } => {
            let all = users::list(ctx, &PoolId::parse(&pool)?, after.as_deref(), limit)?;
            output::print(json, &all, || {
                table(
                    &["USERNAME", "SUB", "STATUS", "ENABLED", "EMAIL"],
                    all.iter()
                        .map(|u| {
                            vec![
                                u.username.clone(),
                                u.sub.to_string(),
                                u.status.as_str().into(),
                                u.enabled.to_string(),
                                u.attributes.get("email").cloned().unwrap_or_default(),
                            ]
                        })
                        .collect(),
                )
            });
        }
        UserCmd::Describe { pool, username } => {
            let pool = PoolId::parse(&pool)?;
            let user = users::get(ctx, &pool, &username)?;
            let groups: Vec<String> = groups::for_user(ctx, &pool, &username)?.into_iter().map(|g| g.name).collect();
            let value = serde_json::json!({ "user": user, "groups": groups });
            output::print(json, &value, || describe(&user, &groups));
        }
        UserCmd::Delete { pool, username } => {
            users::delete(ctx, &PoolId::parse(&pool)?, &username)?;
            output::print(json, &serde_json::json!({ "deleted": username }), || format!("deleted user {username}"));
        }
        UserCmd::Enable { pool, username } => set_enabled(ctx, &pool, &username, true, json)?,
        UserCmd::Disable { pool, username } => set_enabled(ctx, &pool, &username, false, json)?,
        UserCmd::SetPassword { pool, username, password, password_stdin, permanent } => {
            let password = read_password(password, password_stdin)?
                .ok_or_else(|| Error::InvalidParameter("give --password or --password-stdin".into()))?;
            let user = user_admin::set_password(ctx, &PoolId::parse(&pool)?, &username, password.expose(), permanent)?;
            output::print(json, &user, || format!("set the password of {} (status {})", user.username, user.status.as_str()));
        }
        UserCmd::ResetPassword { pool, username } => {
            let user = user_admin::reset_password(ctx, &PoolId::parse(&pool)?, &username)?;
            output::print(json, &user, || format!("{} must reset their password (a code was mailed if they have an email)", user.username));
        }
        UserCmd::SignOut { pool, username } => {
            user_admin::global_sign_out(ctx, &PoolId::parse(&pool)?, &username)?;
            output::print(json, &serde_json::json!({ "signed_out": username }), || format!("signed out {username} everywhere"));
        }
        UserCmd::Mfa { pool, username, totp, email, sms, preferred } => {
            let pool = PoolId::parse(&pool)?;
            let preferred = preferred.as_deref().map(Factor::parse).transpose()?;
            let state = if totp.is_none() && email.is_none() && sms.is_none() && preferred.is_none() {
                user_admin::mfa_status(ctx, &pool, &username)?
            } else {
                user_admin::set_mfa_preferences(ctx, &pool, &username, &mfa::Preferences { totp, email, sms, preferred })?
            };
            output::print(json, &state, || {
                let on = |b: bool| if b { "on" } else { "off" }.to_string();
                fields(&[
                    ("SOFTWARE_TOKEN_MFA", on(state.totp)),
                    ("EMAIL_OTP", on(state.email)),
                    ("SMS_MFA", on(state.sms)),
                    ("preferred", state.preferred.map(|f| f.as_str().to_string()).unwrap_or_else(|| "-".into())),
                    ("recovery codes left", state.recovery_codes_left.to_string()),
                ])
            });
        }
        UserCmd::Devices { pool, username } => {
            let devices = user_admin::list_devices(ctx, &PoolId::parse(&pool)?, &username)?;
            output::print(json, &devices, || {
                table(
                    &["DEVICE KEY", "NAME", "LAST USED", "EXPIRES"],
                    devices
                        .iter()
                        .map(|d| vec![d.device_key.clone(), d.name.clone(), time::rfc3339(d.last_used_at), time::rfc3339(d.expires_at)])
                        .collect(),
                )
            });
        }
        UserCmd::ForgetDevice { pool, username, device_key } => {
            user_admin::forget_device(ctx, &PoolId::parse(&pool)?, &username, &device_key)?;
            output::print(json, &serde_json::json!({ "forgotten": device_key }), || format!("forgot device {device_key}"));
        }
    }
    Ok(())
}

fn set_enabled(ctx: &Context, pool: &str, username: &str, enabled: bool, json: bool) -> Result<()> {
    let user = users::set_enabled(ctx, &PoolId::parse(pool)?, username, enabled)?;
    output::print(json, &user, || format!("{} user {}", if enabled { "enabled" } else { "disabled" }, user.username));
    Ok(())
}

fn describe(u: &User, groups: &[String]) -> String {
    let rows = [
        ("username", u.username.clone()),
        ("sub", u.sub.to_string()),
        ("status", u.status.as_str().to_string()),
        ("enabled", u.enabled.to_string()),
        ("groups", output::list(groups)),
        ("created", time::rfc3339(u.created_at)),
        ("modified", time::rfc3339(u.updated_at)),
    ];
    let attrs: Vec<(String, String)> = u.attributes.iter().filter(|(k, _)| *k != "sub").map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut text = fields(&rows);
    for (k, v) in attrs {
        text.push_str(&format!("\n  {k} = {v}"));
    }
    text
}

#[derive(Subcommand)]
pub enum GroupCmd {
    Create {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        description: Option<String>,
        /// Lower wins when a user's groups carry roles.
        #[arg(long, allow_negative_numbers = true)]
        precedence: Option<i32>,
        #[arg(long, value_name = "ARN")]
        role_arn: Option<String>,
    },
    List {
        #[arg(long)]
        pool: String,
    },
    /// Show a group and its members.
    Describe {
        #[arg(long)]
        pool: String,
        name: String,
    },
    Delete {
        #[arg(long)]
        pool: String,
        name: String,
    },
    /// Add a user to a group.
    AddUser {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        group: String,
        #[arg(long)]
        username: String,
    },
    /// Remove a user from a group.
    RemoveUser {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        group: String,
        #[arg(long)]
        username: String,
    },
}

pub fn run_group(ctx: &Context, cmd: GroupCmd, json: bool) -> Result<()> {
    match cmd {
        GroupCmd::Create { pool, name, description, precedence, role_arn } => {
            let g = groups::create(ctx, &PoolId::parse(&pool)?, NewGroup { name, description, precedence, role_arn })?;
            output::print(json, &g, || format!("created group {}", g.name));
        }
        GroupCmd::List { pool } => {
            let all = groups::list(ctx, &PoolId::parse(&pool)?)?;
            output::print(json, &all, || {
                table(
                    &["NAME", "PRECEDENCE", "ROLE", "DESCRIPTION"],
                    all.iter()
                        .map(|g| {
                            vec![
                                g.name.clone(),
                                g.precedence.map(|p| p.to_string()).unwrap_or_default(),
                                g.role_arn.clone().unwrap_or_default(),
                                g.description.clone().unwrap_or_default(),
                            ]
                        })
                        .collect(),
                )
            });
        }
        GroupCmd::Describe { pool, name } => {
            let pool = PoolId::parse(&pool)?;
            let g = groups::get(ctx, &pool, &name)?;
            let members: Vec<String> = groups::members(ctx, &pool, &name, None, 1000)?.into_iter().map(|u| u.username).collect();
            output::print(json, &serde_json::json!({ "group": g, "members": members }), || {
                fields(&[
                    ("name", g.name.clone()),
                    ("description", g.description.clone().unwrap_or_default()),
                    ("precedence", g.precedence.map(|p| p.to_string()).unwrap_or_default()),
                    ("role ARN", g.role_arn.clone().unwrap_or_default()),
                    ("members", output::list(&members)),
                ])
            });
        }
        GroupCmd::Delete { pool, name } => {
            groups::delete(ctx, &PoolId::parse(&pool)?, &name)?;
            output::print(json, &serde_json::json!({ "deleted": name }), || format!("deleted group {name}"));
        }
        GroupCmd::AddUser { pool, group, username } => {
            groups::add_user(ctx, &PoolId::parse(&pool)?, &group, &username)?;
            output::print(json, &serde_json::json!({ "group": group, "added": username }), || format!("added {username} to {group}"));
        }
        GroupCmd::RemoveUser { pool, group, username } => {
            groups::remove_user(ctx, &PoolId::parse(&pool)?, &group, &username)?;
            output::print(json, &serde_json::json!({ "group": group, "removed": username }), || {
                format!("removed {username} from {group}")
            });
        }
    }
    Ok(())
}
