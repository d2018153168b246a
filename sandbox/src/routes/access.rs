//! `/me/accessRestriction/*`, read only: the account's two-factor authentication (authenticator
//! apps, security keys, phones, backup codes). Lists answer ids (`long[]`) in ascending order,
//! each object its `nichandle.accessRestriction.*` shape; no backup codes is a 404, as for an
//! account that never generated them.

use crate::reply::{ApiError, ApiResult, Reply};
use crate::state::Sandbox;

/// Which list of second factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Totp,
    U2f,
    Sms,
}

fn ids(sb: &Sandbox, factor: Factor) -> Vec<u64> {
    let a = &sb.account.access_restriction;
    match factor {
        Factor::Totp => a.totp.iter().map(|x| x.id).collect(),
        Factor::U2f => a.u2f.iter().map(|x| x.id).collect(),
        Factor::Sms => a.sms.iter().map(|x| x.id).collect(),
    }
}

/// `GET /me/accessRestriction/{totp,u2f,sms}`: the ids.
pub fn list(sb: &mut Sandbox, factor: Factor) -> ApiResult {
    Ok(Reply::json(&ids(sb, factor)))
}

/// `GET /me/accessRestriction/{totp,u2f,sms}/{id}`.
pub fn get(sb: &mut Sandbox, factor: Factor, id: u64) -> ApiResult {
    let a = &sb.account.access_restriction;
    let found = match factor {
        Factor::Totp => a.totp.iter().find(|x| x.id == id).map(Reply::json),
        Factor::U2f => a.u2f.iter().find(|x| x.id == id).map(Reply::json),
        Factor::Sms => a.sms.iter().find(|x| x.id == id).map(Reply::json),
    };
    found.ok_or_else(|| ApiError::not_found(&format!("id = {id}")))
}

/// `GET /me/accessRestriction/backupCode`: 404 when the account has none.
pub fn backup_code(sb: &mut Sandbox) -> ApiResult {
    sb.account
        .access_restriction
        .backup_code
        .as_ref()
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found("backupCode"))
}
