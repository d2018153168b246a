//! Which per-service actions a customer may take, and why not: one pure function of the service,
//! the signed-in account and the server's clock. The menu shows an action only when it is
//! allowed, or disabled with its refusal.
//!
//! Rules: the provider's guides and its panel's predicates (shared docs, provider-panel-notes
//! §3.5–3.6): telecom, Microsoft and MX Plan services are not managed here; a pending bill comes
//! first; termination needs the administrator contact, renewal actions the billing contact; a
//! termination can be cancelled until 24 hours before the expiry.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::values::{LifecycleAction, LifecycleState, RenewMode, ResourceState};

use super::services::{RenewalStatus, ServiceRow, ServiceType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceAction {
    /// `Configurer le renouvellement`.
    ConfigureRenewal,
    /// `Anticiper le paiement` (automatic renewal).
    AnticipatePayment,
    /// `Renouveler le service` (manual renewal).
    RenewService,
    /// `Résilier`: terminate at the expiry date.
    Terminate,
    /// `Annuler la résiliation`.
    CancelTermination,
    /// `Régler ma facture`.
    PayBill,
    /// `Supprimer immédiatement` (web hostings).
    DeleteNow,
}

impl ServiceAction {
    pub const ALL: [ServiceAction; 7] = [
        ServiceAction::PayBill,
        ServiceAction::ConfigureRenewal,
        ServiceAction::AnticipatePayment,
        ServiceAction::RenewService,
        ServiceAction::Terminate,
        ServiceAction::CancelTermination,
        ServiceAction::DeleteNow,
    ];
}

/// Why an action is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Telecom, Microsoft and MX Plan services are managed elsewhere (the guides).
    NotManagedHere,
    /// A bill must be paid first.
    BillToPay,
    /// A termination is already requested.
    TerminationPending,
    /// The service has ended or is being deleted.
    Ended,
    /// Paid once: nothing to renew.
    OneShot,
    /// The action needs automatic renewal.
    NeedsAutomaticRenewal,
    /// The action needs manual renewal.
    NeedsManualRenewal,
    /// Only this contact (a customer code) may do it.
    NotAdministrator {
        administrator: Option<String>,
    },
    NotBillingContact {
        billing: Option<String>,
    },
    /// The API does not offer this action for this service.
    NotOffered,
    /// The service does not expire (its details are a `services.NonExpiringService`, e.g. a
    /// vRack): there is no renewal to configure nor an expiry to terminate at.
    DoesNotExpire,
    /// Cancelling is possible until 24 hours before the expiry, which has passed.
    TooLateToCancel {
        deadline: DateTime<Utc>,
    },
    /// There is no termination to cancel.
    NoTerminationPending,
    /// Immediate deletion exists for web hostings only.
    WebHostingOnly,
    /// No bill is pending.
    NoBillToPay,
}

/// Who is asking, and when (the server's clock, not the browser's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    /// The signed-in account's customer code (`nichandle`).
    pub nic: String,
    pub now: DateTime<Utc>,
}

/// Services the guides say are not managed from "My services".
pub fn managed_here(kind: &ServiceType) -> bool {
    !matches!(
        kind,
        ServiceType::Telephony
            | ServiceType::Xdsl
            | ServiceType::PackXdsl
            | ServiceType::Sms
            | ServiceType::Exchange
            | ServiceType::Microsoft
            | ServiceType::MxPlan
    )
}

/// The last instant a termination can be cancelled: 24 hours before the expiry.
pub fn cancel_deadline(expiration: DateTime<FixedOffset>) -> DateTime<Utc> {
    expiration.with_timezone(&Utc) - Duration::hours(24)
}

fn ended(row: &ServiceRow) -> bool {
    matches!(row.status, RenewalStatus::Terminated)
        || matches!(row.lifecycle, Some(LifecycleState::Terminated))
        || matches!(row.state, ResourceState::Deleted | ResourceState::ToDelete)
}

/// Whether `action` is allowed on `row` for `who`, and if not, the first reason.
pub fn check(action: ServiceAction, row: &ServiceRow, who: &Requester) -> Result<(), Refusal> {
    use ServiceAction::*;
    if !managed_here(&row.kind) {
        return Err(Refusal::NotManagedHere);
    }
    let debt = row.status == RenewalStatus::BillToPay;
    let termination_pending = row.status == RenewalStatus::TerminationRequested;
    let is_admin = row.admin_contact.as_deref() == Some(who.nic.as_str());
    let is_billing = row.billing_contact.as_deref() == Some(who.nic.as_str());
    let offered = |capacity: LifecycleAction| row.lifecycle_capacities.contains(&capacity);
    let not_admin = || Refusal::NotAdministrator {
        administrator: row.admin_contact.as_deref().map(str::to_string),
    };
    let not_billing = || Refusal::NotBillingContact {
        billing: row.billing_contact.as_deref().map(str::to_string),
    };
    match action {
        PayBill => {
            if !debt {
                return Err(Refusal::NoBillToPay);
            }
            Ok(())
        }
        ConfigureRenewal | AnticipatePayment | RenewService | Terminate => {
            if debt {
                return Err(Refusal::BillToPay);
            }
            if ended(row) {
                return Err(Refusal::Ended);
            }
            if termination_pending {
                return Err(Refusal::TerminationPending);
            }
            if row.never_expires() {
                return Err(Refusal::DoesNotExpire);
            }
            match action {
                ConfigureRenewal => {
                    if row.renew_mode.is_none() {
                        return Err(Refusal::OneShot);
                    }
                    if row.renew_capacities.is_empty() {
                        return Err(Refusal::NotOffered);
                    }
                    if !is_billing {
                        return Err(not_billing());
                    }
                    Ok(())
                }
                AnticipatePayment => {
                    if row.renew_mode != Some(RenewMode::Automatic) {
                        return Err(Refusal::NeedsAutomaticRenewal);
                    }
                    if !offered(LifecycleAction::EarlyRenewal) {
                        return Err(Refusal::NotOffered);
                    }
                    if !is_billing {
                        return Err(not_billing());
                    }
                    Ok(())
                }
                RenewService => {
                    if row.renew_mode != Some(RenewMode::Manual) {
                        return Err(Refusal::NeedsManualRenewal);
                    }
                    if !is_billing {
                        return Err(not_billing());
                    }
                    Ok(())
                }
                _ => {
                    if !offered(LifecycleAction::TerminateAtExpirationDate) {
                        return Err(Refusal::NotOffered);
                    }
                    if !is_admin {
                        return Err(not_admin());
                    }
                    Ok(())
                }
            }
        }
        CancelTermination => {
            if !termination_pending {
                return Err(Refusal::NoTerminationPending);
            }
            if row.never_expires() {
                return Err(Refusal::DoesNotExpire);
            }
            if !is_admin && !is_billing {
                return Err(not_admin());
            }
            match row.expiration_at.map(cancel_deadline) {
                Some(deadline) if who.now >= deadline => Err(Refusal::TooLateToCancel { deadline }),
                _ => Ok(()),
            }
        }
        DeleteNow => {
            if row.kind != ServiceType::WebHosting {
                return Err(Refusal::WebHostingOnly);
            }
            if ended(row) {
                return Err(Refusal::Ended);
            }
            if !is_admin {
                return Err(not_admin());
            }
            Ok(())
        }
    }
}

/// Every action with its verdict, in menu order.
pub fn all_actions(row: &ServiceRow, who: &Requester) -> Vec<(ServiceAction, Result<(), Refusal>)> {
    ServiceAction::ALL
        .into_iter()
        .map(|a| (a, check(a, row, who)))
        .collect()
}
