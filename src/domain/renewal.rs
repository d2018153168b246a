//! The configure-renewal wizard's rules: which choices a service offers, the next debit dates,
//! and the payment method that is charged.

use chrono::NaiveDate;

use super::dates::add_months;
use super::services::{ServiceRow, ServiceType};
use super::values::{PaymentMethodStatus, RenewMode};

/// A registered payment method (`GET /me/payment/method`).
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentMethod {
    pub id: u64,
    /// `CREDIT_CARD`, `SEPA_DIRECT_DEBIT`, `PAYPAL`, ... as the API wrote it.
    pub payment_type: String,
    pub status: PaymentMethodStatus,
    /// The account's default method (the one automatic renewals debit).
    pub default: bool,
    pub label: Option<String>,
    pub description: Option<String>,
    /// When it expires, when the API gives it (a card).
    pub expires: Option<NaiveDate>,
}

/// What the customer picks in the wizard's first step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RenewalChoice {
    /// Renewed and debited automatically every `months`.
    Automatic { months: u32 },
    /// Renewed only when the customer pays (reminder e-mails before expiry).
    Manual,
}

/// The automatic frequencies the wizard offers: the service's own periods, in months, among the
/// ones the guides name (1, 3, 6, 12), in increasing order. When the API lists none (its
/// `possibleRenewPeriod` may be `null`), the service's `current` frequency is what is known to
/// work; 12 months when that is unknown too.
pub fn automatic_frequencies(possible_periods: &[u32], current: Option<u32>) -> Vec<u32> {
    let mut offered: Vec<u32> = possible_periods
        .iter()
        .copied()
        .filter(|m| [1, 3, 6, 12].contains(m))
        .collect();
    offered.sort_unstable();
    offered.dedup();
    if offered.is_empty() {
        offered.push(current.filter(|m| *m > 0).unwrap_or(12));
    }
    offered
}

/// Manual renewal is offered for domains, web hostings, VPS and dedicated servers (the guides),
/// and only when the API's capacities allow it (when it states them).
pub fn manual_allowed(row: &ServiceRow) -> bool {
    let by_type = matches!(
        row.kind,
        ServiceType::Domain
            | ServiceType::WebHosting
            | ServiceType::Vps
            | ServiceType::DedicatedServer
    );
    let by_api =
        row.renew_capacities.is_empty() || row.renew_capacities.contains(&RenewMode::Manual);
    by_type && by_api
}

/// The choice the wizard starts from: what the service has now.
pub fn current_choice(row: &ServiceRow, frequencies: &[u32]) -> RenewalChoice {
    match row.renew_mode {
        Some(RenewMode::Manual) => RenewalChoice::Manual,
        _ => {
            let months = row
                .period_months
                .filter(|m| frequencies.contains(m))
                .or_else(|| frequencies.first().copied())
                .unwrap_or(12);
            RenewalChoice::Automatic { months }
        }
    }
}

/// The next `count` debit dates of an automatic renewal: the expiry date, then every `months`
/// (each counted from the expiry, so 31 January monthly gives 28 February, then 31 March).
pub fn debit_dates(expiry: NaiveDate, months: u32, count: usize) -> Vec<NaiveDate> {
    (0..count as u32)
        .map_while(|k| add_months(expiry, k * months))
        .collect()
}

/// The payment method an automatic renewal debits: the default one, if it is valid. `None` means
/// no debit is possible: the renewal bill is e-mailed and must be paid by hand.
pub fn charged_method(methods: &[PaymentMethod]) -> Option<&PaymentMethod> {
    methods
        .iter()
        .find(|m| m.default && m.status == PaymentMethodStatus::Valid)
}

/// How a payment method is named to the customer: "Carte perso (4970********1234)"; with
/// neither description nor label, its type in the customer's language (`type_label`, "Carte
/// bancaire"), never the API's code.
pub fn payment_method_label(pm: &PaymentMethod, type_label: impl FnOnce(&str) -> String) -> String {
    match (&pm.description, &pm.label) {
        (Some(d), Some(l)) => format!("{d} ({l})"),
        (Some(x), None) | (None, Some(x)) => x.clone(),
        (None, None) => type_label(&pm.payment_type),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_payment_method_without_a_name_is_named_by_its_type_in_the_customers_language() {
        let mut pm = PaymentMethod {
            id: 1,
            payment_type: "SEPA_DIRECT_DEBIT".into(),
            status: PaymentMethodStatus::Valid,
            default: true,
            label: None,
            description: None,
            expires: None,
        };
        let french = |t: &str| {
            if t == "SEPA_DIRECT_DEBIT" {
                "Prélèvement SEPA".to_string()
            } else {
                t.to_string()
            }
        };
        assert_eq!(payment_method_label(&pm, french), "Prélèvement SEPA");
        pm.label = Some("FR76 **** 1234".into());
        assert_eq!(payment_method_label(&pm, french), "FR76 **** 1234");
        pm.description = Some("Compte pro".into());
        assert_eq!(
            payment_method_label(&pm, french),
            "Compte pro (FR76 **** 1234)"
        );
    }

    #[test]
    fn frequencies_are_the_offered_ones_among_1_3_6_12() {
        assert_eq!(
            automatic_frequencies(&[12, 1, 3, 24, 6, 1], Some(1)),
            vec![1, 3, 6, 12]
        );
        assert_eq!(automatic_frequencies(&[1], Some(12)), vec![1]);
        assert_eq!(automatic_frequencies(&[], None), vec![12]);
        assert_eq!(automatic_frequencies(&[24], None), vec![12]);
        // No listed periods (`null`): the current frequency is offered.
        assert_eq!(automatic_frequencies(&[], Some(3)), vec![3]);
    }

    #[test]
    fn debit_dates_count_from_the_expiry_and_keep_month_ends() {
        assert_eq!(
            debit_dates(d(2027, 1, 31), 1, 3),
            vec![d(2027, 1, 31), d(2027, 2, 28), d(2027, 3, 31)]
        );
        assert_eq!(
            debit_dates(d(2026, 11, 30), 12, 2),
            vec![d(2026, 11, 30), d(2027, 11, 30)]
        );
        assert_eq!(
            debit_dates(d(2028, 2, 29), 6, 3),
            vec![d(2028, 2, 29), d(2028, 8, 29), d(2029, 2, 28)]
        );
    }

    fn method(id: u64, default: bool, status: &str) -> PaymentMethod {
        PaymentMethod {
            id,
            payment_type: "CREDIT_CARD".into(),
            status: PaymentMethodStatus::from_wire(status),
            default,
            label: Some("**** 1234".into()),
            description: None,
            expires: None,
        }
    }

    #[test]
    fn only_a_valid_default_method_is_charged() {
        let methods = [method(1, false, "VALID"), method(2, true, "VALID")];
        assert_eq!(charged_method(&methods).map(|m| m.id), Some(2));
        assert!(charged_method(&[method(3, true, "EXPIRED"), method(4, false, "VALID")]).is_none());
        assert!(charged_method(&[method(5, true, "SOMETHING_NEW")]).is_none());
        assert!(charged_method(&[]).is_none());
    }
}
