//! The account's own settings: its two-factor methods, and the account that cannot be reached.

use chrono::{DateTime, Duration, FixedOffset};
use serde_json::Map;

use crate::state::Account;
use crate::util::{self};

use super::*;

/// The seeded account's two-factor authentication: an authenticator app and a security key
/// enabled, an old phone disabled, backup codes enabled (see `notable::TOTP_ENABLED`...).
pub fn safe_access_restriction(now: DateTime<FixedOffset>) -> AccessRestrictions {
    let ago = |days: i64| util::fmt_dt(now - Duration::days(days));
    AccessRestrictions {
        totp: vec![TwoFactorAccount {
            id: notable::TOTP_ENABLED,
            creation_date: ago(412),
            description: "Téléphone de Dominique".into(),
            last_used_date: Some(ago(1)),
            status: "enabled".into(),
            extra: Map::new(),
        }],
        u2f: vec![TwoFactorAccount {
            id: notable::U2F_ENABLED,
            creation_date: ago(230),
            description: "YubiKey 5C".into(),
            last_used_date: Some(ago(36)),
            status: "enabled".into(),
            extra: Map::new(),
        }],
        sms: vec![SmsAccount {
            id: notable::SMS_DISABLED,
            creation_date: ago(1210),
            description: "Ancien portable".into(),
            last_used_date: Some(ago(500)),
            phone_number: "+33612345678".into(),
            status: "disabled".into(),
            extra: Map::new(),
        }],
        backup_code: Some(SotpAccount {
            creation_date: ago(412),
            last_used_date: None,
            remaining: notable::BACKUP_CODES_REMAINING,
            status: "enabled".into(),
            extra: Map::new(),
        }),
        extra: Map::new(),
    }
}

pub(super) fn unreachable_account(e: String) -> Account {
    // The generated orders have distinct ids by construction; keep going with an empty account.
    eprintln!("sandbox: seed produced an invalid account: {e}");
    std::process::exit(3)
}
