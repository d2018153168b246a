//! "Protection du compte": two-factor authentication, a backup e-mail and the default payment
//! method, each ok or to check with its reason and where to act (the provider's control panel:
//! the API lets the console read these, not change them).

use leptos::prelude::*;

use super::{check_item, check_pending, checked, manager_link, server_today, Methods};
use crate::app::{use_app, use_tools_i18n};
use crate::domain::checks::{
    default_payment, spare_email, two_factor, BackupCodes, DefaultPayment,
};
use crate::domain::format::integer;
use crate::domain::health::payment_health;
use crate::state::use_state;

#[component]
pub(super) fn ProtectionCard(methods: Methods) -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let (api, locale) = (app.api, app.locale);
    let account = use_state().account;
    let today = server_today();
    let factors = LocalResource::new(move || {
        let api = api.clone();
        async move { api.two_factor().await }
    });

    let two_factor_line = move || {
        let m = t();
        checked(factors, m.check_two_factor, |input| {
            let check = two_factor(&input);
            let l = locale.get();
            let n = |k: usize| integer(k as u64, l);
            let codes = match check.backup_codes {
                BackupCodes::Enabled { remaining } => integer(remaining, l),
                _ => "—".to_string(),
            };
            let detail = (m.two_factor_detail)(
                &n(check.enabled.totp),
                &n(check.enabled.security_keys),
                &n(check.enabled.sms),
                &codes,
            );
            let act = manager_link("#/account/useraccount/security", m.check_act_two_factor);
            check_item(
                m,
                m.check_two_factor.into(),
                check.reason,
                Some(detail),
                act.into_any(),
            )
        })
    };
    let spare_email_line = move || {
        let m = t();
        // A `/me` not read is asked again; one read whose other fields cannot be would be read
        // the same way again: no retry.
        let me = account.me.get().map(|me| me.map(|me| me.details()));
        match me {
            None => check_pending(m.check_spare_email, None),
            Some(Err(error)) => check_pending(
                m.check_spare_email,
                Some((error, Some(Callback::new(move |_| account.reload())))),
            ),
            Some(Ok(Err(error))) => check_pending(m.check_spare_email, Some((error, None))),
            Some(Ok(Ok(me))) => {
                let check = spare_email(me.email.as_deref(), me.spare_email.as_deref());
                let act = manager_link("#/account/useraccount/infos", m.check_act_spare_email);
                check_item(
                    m,
                    m.check_spare_email.into(),
                    check.reason,
                    None,
                    act.into_any(),
                )
            }
        }
    };
    let payment_line = move || {
        let m = t();
        checked(methods, m.check_payment, |list| {
            let health = payment_health(&list, today());
            let check = default_payment(DefaultPayment::from_health(&health));
            let act = manager_link("#/billing/payment/method", m.check_act_payment);
            check_item(
                m,
                m.check_payment.into(),
                check.reason,
                None,
                act.into_any(),
            )
        })
    };

    view! {
        <section class="card" aria-labelledby="protection-heading">
            <h2 id="protection-heading">{move || t().protection_heading}</h2>
            <ul class="checks">
                {two_factor_line}
                {spare_email_line}
                {payment_line}
            </ul>
        </section>
    }
}
