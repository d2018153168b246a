//! Every change the console makes, money-safe:
//!
//! 1. **Only what the customer chose is sent.** The state is read again just before sending; the
//!    body carries that fresh state with only the chosen fields changed. If what the customer
//!    saw has changed meanwhile (a termination requested elsewhere), nothing is sent and the
//!    new state comes back as [`Outcome::Changed`].
//! 2. **A lost answer is not a failure.** No answer, a time limit, a 5xx or an unreadable answer
//!    may hide a change that was carried out: the state is read again (twice, a moment apart, in
//!    case the server was still working) and the outcome says what it shows. "Try again" is
//!    possible only after [`Outcome::NotApplied`].
//!
//! An order-creating call (renew, pay a bill) is recognised after a lost answer by the orders
//! the account has since the click, matched on their lines.

use serde_json::Value;

use super::client::{ApiClient, Method, PaymentOrder, RenewOrder, Transport};
use super::config::encode_path_segment;
use super::decode::decode_value;
use super::error::ApiError;
use super::models::{LifecycleAction, OrderStatus, RenewMode, ResourceState, Service};
use super::orders::RetractionReason;
use super::renewal::AccountAutorenew;
use crate::domain::dates::{months_period, period_months};
use crate::domain::orders::SecretUrl;
use crate::domain::outcome::{verdict_from, Changed, Outcome, RenewView, Verdict};
use crate::domain::renewal::RenewalChoice;
use crate::domain::services::ServiceRow;

/// The outcome of a mutation, with the API's error.
pub type MutationOutcome<T> = Outcome<T, ApiError>;

/// Milliseconds between the two re-reads that settle a lost answer.
const SETTLE_DELAY_MS: u32 = 1_500;
/// Orders dated up to this many seconds before the click count as possibly the click's own
/// (the server's clock is read once at start-up; allow for drift).
const ORDER_CLOCK_SLACK_SECS: i64 = 120;
/// A payment order is looked for among the orders of the day before its click (those that were
/// there before it are known and left out).
const PAYMENT_ORDER_WINDOW_SECS: i64 = 86_400;

/// The renewal part of a service's legacy `serviceInfos` and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyRenew {
    /// The `renew` block exactly as the API sent it (sent back with only the chosen fields).
    pub block: Value,
    pub view: RenewView,
}

impl LegacyRenew {
    pub fn from_infos(infos: &Value) -> LegacyRenew {
        let block = infos.get("renew").cloned().unwrap_or(Value::Null);
        LegacyRenew {
            view: legacy_view(&block),
            block,
        }
    }
}

/// What the legacy renew block says: `automatic`/`manualPayment`, `period` (months),
/// `deleteAtExpiration`.
pub fn legacy_view(block: &Value) -> RenewView {
    let flag = |k: &str| block.get(k).and_then(Value::as_bool);
    let automatic = match (flag("automatic"), flag("manualPayment")) {
        (_, Some(true)) => Some(false),
        (Some(a), _) => Some(a),
        (None, _) => None,
    };
    RenewView {
        automatic,
        period_months: block
            .get("period")
            .and_then(Value::as_u64)
            .and_then(|p| u32::try_from(p).ok()),
        termination_requested: flag("deleteAtExpiration").unwrap_or(false),
    }
}

/// What the `/services/{id}` object says of its renewal.
pub fn service_view(service: &Service) -> RenewView {
    let billing = service.billing.as_ref();
    let renew = billing.and_then(|b| b.renew.as_ref()).map(|r| &r.current);
    let pending = billing
        .and_then(|b| b.lifecycle.as_ref())
        .map(|l| l.current.pending_actions.as_slice())
        .unwrap_or_default();
    RenewView {
        automatic: match renew.and_then(|r| r.mode.as_ref()) {
            Some(RenewMode::Automatic) => Some(true),
            Some(RenewMode::Manual) => Some(false),
            _ => None,
        },
        period_months: renew
            .and_then(|r| r.period.as_deref())
            .and_then(period_months),
        termination_requested: pending.iter().any(|a| {
            matches!(
                a,
                LifecycleAction::TerminateAtExpirationDate
                    | LifecycleAction::TerminateAtEngagementDate
            )
        }),
    }
}

/// The legacy `renew` block for `choice`, from the block the API has now: automatic =
/// `{automatic: true, manualPayment: false, period}`, manual = `{automatic: false,
/// manualPayment: true}`. Every other field (`deleteAtExpiration` above all, and `forced`) is
/// sent back as the API has it: the customer did not choose it.
pub fn legacy_renew_block(current: &Value, choice: RenewalChoice) -> Value {
    let mut block = match current {
        Value::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    let (automatic, period) = match choice {
        RenewalChoice::Automatic { months } => (true, Some(months)),
        RenewalChoice::Manual => (false, None),
    };
    block.insert("automatic".into(), automatic.into());
    block.insert("manualPayment".into(), (!automatic).into());
    if let Some(months) = period {
        block.insert("period".into(), months.into());
    }
    Value::Object(block)
}

/// A web hosting's `serviceName` as its route gives it (`route.vars`), when the route is
/// `/hosting/web/{serviceName}`.
pub fn hosting_name(service: &Service) -> Option<&str> {
    let route = service.route.as_ref()?;
    if route.path.as_deref() != Some(super::capabilities::HOSTING_WEB) {
        return None;
    }
    route
        .vars
        .iter()
        .find(|v| v.key == "serviceName")
        .map(|v| v.value.as_str())
}

/// The newer products' body (`PUT /services/{id}`): `{renew: {mode, period?}}`.
pub fn services_renew_body(choice: RenewalChoice) -> Value {
    match choice {
        RenewalChoice::Automatic { months } => serde_json::json!({
            "renew": { "mode": "automatic", "period": months_period(months) }
        }),
        RenewalChoice::Manual => serde_json::json!({ "renew": { "mode": "manual" } }),
    }
}

/// The account's renewal-day body: the day chosen, `active` as the account has it.
pub fn autorenew_body(current: Option<&AccountAutorenew>, day: u32) -> (Method, Value) {
    match current {
        Some(a) => (
            Method::Put,
            serde_json::json!({ "active": a.active, "renewDay": day }),
        ),
        None => (Method::Post, serde_json::json!({ "renewDay": day })),
    }
}

/// `date.from` for "orders since": unix seconds as the API's ISO form.
fn iso_from_secs(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What a re-read must look at to tell whether a mutation whose answer was lost was carried out.
/// Serializable: a batch keeps it across a reload.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Recheck {
    /// The renewal is as `choice` asks (`before`: the state it was sent from). `any_period`:
    /// an automatic renewal at any frequency counts (a batch interrupted by a reload does not
    /// know the frequency it sent: the one the API had).
    Renewal {
        id: u64,
        route_url: Option<String>,
        choice: RenewalChoice,
        before: RenewView,
        #[serde(default)]
        any_period: bool,
    },
    /// No termination is requested any more (read from the legacy details when the service
    /// has them, else from `/services/{id}`).
    TerminationCancelled {
        #[serde(default)]
        id: u64,
        #[serde(default)]
        route_url: Option<String>,
        before: RenewView,
    },
    /// A termination at expiry is requested.
    TerminationRequested { id: u64 },
    /// The service is being deleted.
    Deletion { id: u64 },
    /// An order created since `since` (unix seconds, server clock) pays the bill.
    /// `known`: the orders that already existed when it was sent (read just before): never
    /// taken for it.
    PaymentOrder { since: i64, known: Vec<u64> },
    /// An order created since `since` renews one of `references`.
    RenewOrder { since: i64, references: Vec<String> },
    /// The order is being cancelled.
    Withdrawal { order_id: u64, before: OrderStatus },
    /// The account's renew day is `day`.
    RenewDay {
        day: u32,
        before: Option<AccountAutorenew>,
    },
}

/// What a mutation produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Done,
    /// A payment order (pay my bill).
    Payment(PaymentOrder),
    /// A renewal order.
    Renewal(RenewOrder),
    /// The account's renew day.
    Day(u32),
}

/// How a mutation ended, and (when unknown) what to re-read to tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub outcome: MutationOutcome<Found>,
    /// `Some` when the outcome is unknown: [`ApiClient::check_again`] re-reads it.
    pub recheck: Option<Recheck>,
}

impl Settled {
    fn of(outcome: MutationOutcome<Found>) -> Settled {
        Settled {
            outcome,
            recheck: None,
        }
    }

    /// Refused, or not sent at all: nothing was applied (safe to send again).
    pub fn refused(error: ApiError) -> Settled {
        Settled::of(Outcome::NotApplied {
            error,
            proven: false,
        })
    }

    fn changed(changed: Changed) -> Settled {
        Settled::of(Outcome::Changed(changed))
    }

    /// The order this change created, if any (renewal, bill payment): its number and payment URL.
    pub fn created_order(&self) -> Option<(Option<u64>, Option<SecretUrl>)> {
        match &self.outcome {
            Outcome::Applied {
                value: Found::Payment(order),
                ..
            } => Some((order.order_id, order.url.clone())),
            Outcome::Applied {
                value: Found::Renewal(order),
                ..
            } => Some((order.order_id, order.url.clone())),
            _ => None,
        }
    }
}

impl<Tr: Transport> ApiClient<Tr> {
    /// Turns a mutation's answer into its outcome: refused → not applied; lost → re-read with
    /// `recheck`, twice a moment apart, before saying it is unknown.
    async fn settle(&self, sent: Result<Found, ApiError>, recheck: Recheck) -> Settled {
        let error = match sent {
            Ok(value) => {
                return Settled::of(Outcome::Applied {
                    value,
                    recovered: false,
                })
            }
            Err(error) if !error.outcome_unknown() => return Settled::refused(error),
            Err(error) => error,
        };
        let mut not_applied_once = false;
        for attempt in 0..2 {
            if attempt > 0 {
                self.transport_sleep(SETTLE_DELAY_MS).await;
            }
            match self.verify(&recheck).await {
                Ok(Verdict::Applied(value)) => {
                    return Settled::of(Outcome::Applied {
                        value,
                        recovered: true,
                    })
                }
                Ok(Verdict::NotApplied) if not_applied_once => {
                    return Settled::of(Outcome::NotApplied {
                        error,
                        proven: true,
                    })
                }
                Ok(Verdict::NotApplied) => not_applied_once = true,
                Ok(Verdict::Other) | Err(_) => {}
            }
        }
        Settled {
            outcome: Outcome::Unknown { error },
            recheck: Some(recheck),
        }
    }

    /// Re-reads an unknown outcome again ("check again"): never sends the mutation.
    pub async fn check_again(&self, recheck: Recheck, error: ApiError) -> Settled {
        self.settle(Err(error), recheck).await
    }

    /// What the API has now, for `recheck`.
    pub async fn verify(&self, recheck: &Recheck) -> Result<Verdict<Found>, ApiError> {
        Ok(match recheck {
            Recheck::Renewal {
                id,
                route_url,
                choice,
                before,
                any_period,
            } => {
                let after = self.renew_view(*id, route_url.as_deref()).await?;
                let asked = after.matches(*choice)
                    || (*any_period
                        && matches!(choice, RenewalChoice::Automatic { .. })
                        && after.automatic == Some(true));
                verdict_from(asked, after == *before, Found::Done)
            }
            Recheck::TerminationCancelled {
                id,
                route_url,
                before,
            } => {
                let after = self.renew_view(*id, route_url.as_deref()).await?;
                verdict_from(!after.termination_requested, after == *before, Found::Done)
            }
            Recheck::TerminationRequested { id } => {
                let after = self.service(*id).await?;
                verdict_from(
                    service_view(&after).termination_requested,
                    true,
                    Found::Done,
                )
            }
            Recheck::Deletion { id } => {
                verdict_from(ended(&self.service(*id).await?), true, Found::Done)
            }
            Recheck::PaymentOrder { since, known } => {
                let recent = self.orders_since(*since).await?;
                let gap = recent.gap(known);
                match recent
                    .orders
                    .into_iter()
                    .find(|o| !known.contains(&o.order_id))
                {
                    Some(order) => Verdict::Applied(Found::Payment(PaymentOrder {
                        order_id: Some(order.order_id),
                        url: order.url.map(SecretUrl::new),
                    })),
                    None => match gap {
                        Some(error) => return Err(error),
                        None => Verdict::NotApplied,
                    },
                }
            }
            Recheck::RenewOrder { since, references } => {
                // An order or a line not read may be ours: nothing proves the order was not made,
                // unless another order turns out to be it.
                let recent = self.orders_since(*since).await?;
                let mut unread = recent.gap(&[]);
                for order in recent.orders {
                    let lines = match self.order_details(order.order_id).await {
                        Ok(lines) => lines,
                        Err(error) => {
                            unread = Some(error);
                            continue;
                        }
                    };
                    let renews_ours = lines
                        .iter()
                        .flatten()
                        .any(|line| references.iter().any(|r| line.domain.as_deref() == Some(r)));
                    if renews_ours {
                        return Ok(Verdict::Applied(Found::Renewal(RenewOrder {
                            order_id: Some(order.order_id),
                            url: order.url.map(SecretUrl::new),
                            price_with_tax: order.price_with_tax,
                        })));
                    }
                    if let Some(error) = lines.into_iter().find_map(Result::err) {
                        unread = Some(error);
                    }
                }
                match unread {
                    Some(error) => return Err(error),
                    None => Verdict::NotApplied,
                }
            }
            Recheck::Withdrawal { order_id, before } => {
                let after = self.order_status(*order_id).await?;
                verdict_from(cancelling(&after), after == *before, Found::Done)
            }
            Recheck::RenewDay { day, before } => {
                let after = self.account_autorenew().await?;
                let asked = after.as_ref().is_some_and(|a| a.renew_day == *day);
                verdict_from(asked, after == *before, Found::Day(*day))
            }
        })
    }

    /// `GET {route}/serviceInfos`, the renewal part.
    pub async fn legacy_renew(&self, route_url: &str) -> Result<LegacyRenew, ApiError> {
        let infos: Value = self.get_fresh(&format!("{route_url}/serviceInfos")).await?;
        Ok(LegacyRenew::from_infos(&infos))
    }

    /// The renewal as the API has it now: the legacy block when the service has a legacy route,
    /// else the `/services/{id}` object.
    pub async fn renew_view(
        &self,
        id: u64,
        route_url: Option<&str>,
    ) -> Result<RenewView, ApiError> {
        match route_url {
            Some(route) => Ok(self.legacy_renew(route).await?.view),
            None => Ok(service_view(&self.service(id).await?)),
        }
    }

    /// **Configure renewal** (wizard, batch enable/disable). `seen` is the renewal the customer
    /// was shown. Legacy route: `PUT {route}/serviceInfos` with the fresh block and only
    /// `automatic`, `manualPayment` and `period` changed; newer products: `PUT /services/{id}`
    /// `{renew: {mode, period}}`.
    pub async fn configure_renewal(
        &self,
        id: u64,
        route_url: Option<&str>,
        seen: RenewView,
        choice: RenewalChoice,
    ) -> Settled {
        let (before, path, body) = match route_url {
            Some(route) => match self.legacy_renew(route).await {
                Ok(fresh) => (
                    fresh.view,
                    format!("{route}/serviceInfos"),
                    serde_json::json!({ "renew": legacy_renew_block(&fresh.block, choice) }),
                ),
                Err(error) => return Settled::refused(error),
            },
            None => match self.service(id).await {
                Ok(service) => (
                    service_view(&service),
                    format!("/services/{id}"),
                    services_renew_body(choice),
                ),
                Err(error) => return Settled::refused(error),
            },
        };
        if let Some(changed) = before.changed_since(&seen) {
            return Settled::changed(changed);
        }
        if before.matches(choice) {
            return Settled::changed(Changed::AlreadyDone);
        }
        let sent = self
            .send(Method::Put, &path, body)
            .await
            .map(|_| Found::Done);
        let recheck = Recheck::Renewal {
            id,
            route_url: route_url.map(str::to_string),
            choice,
            before,
            any_period: false,
        };
        self.settle(sent, recheck).await
    }

    /// **Cancel the termination**. Legacy route (`legacy_url`, where its `serviceInfos` may be
    /// changed): the fresh block with only `deleteAtExpiration` set to false (a manual service
    /// stays manual); else `PUT /services/{id}` `{terminationPolicy: "empty"}`. Stops if no
    /// termination is requested any more.
    pub async fn cancel_termination(&self, id: u64, legacy_url: Option<&str>) -> Settled {
        let (before, path, body) = match legacy_url {
            Some(route) => {
                let fresh = match self.legacy_renew(route).await {
                    Ok(fresh) => fresh,
                    Err(error) => return Settled::refused(error),
                };
                let mut block = match &fresh.block {
                    Value::Object(map) => map.clone(),
                    _ => serde_json::Map::new(),
                };
                block.insert("deleteAtExpiration".into(), false.into());
                (
                    fresh.view,
                    format!("{route}/serviceInfos"),
                    serde_json::json!({ "renew": block }),
                )
            }
            None => match self.service(id).await {
                Ok(service) => (
                    service_view(&service),
                    format!("/services/{id}"),
                    serde_json::json!({ "terminationPolicy": "empty" }),
                ),
                Err(error) => return Settled::refused(error),
            },
        };
        if !before.termination_requested {
            return Settled::changed(Changed::TerminationCancelled);
        }
        let sent = self
            .send(Method::Put, &path, body)
            .await
            .map(|_| Found::Done);
        let recheck = Recheck::TerminationCancelled {
            id,
            route_url: legacy_url.map(str::to_string),
            before,
        };
        self.settle(sent, recheck).await
    }

    /// **Terminate at expiry**: the answers to the service's own termination form (only the
    /// questions it asks, see `domain::termination`), then the termination policy. Stops if a
    /// termination is already requested. The answers are not a change of the contract: a lost
    /// answer to them does not stop the termination the customer asked for; a form with no
    /// answer to give sends none.
    pub async fn terminate_at_expiry(&self, id: u64, answers: &[(String, String)]) -> Settled {
        match self.service(id).await {
            Ok(service) if service_view(&service).termination_requested => {
                return Settled::changed(Changed::TerminationRequested)
            }
            Ok(service) if ended(&service) => return Settled::changed(Changed::Ended),
            Ok(_) => {}
            Err(error) => return Settled::refused(error),
        }
        if !answers.is_empty() {
            let answers: Vec<Value> = answers
                .iter()
                .map(
                    |(question, value)| serde_json::json!({ "question": question, "value": value }),
                )
                .collect();
            let form = super::forms::TERMINATION_FORM;
            if let Err(error) = self
                .send(
                    Method::Post,
                    &format!("/services/{id}/form/{form}/answer"),
                    serde_json::json!({ "answers": answers }),
                )
                .await
            {
                if !error.outcome_unknown() {
                    return Settled::refused(error);
                }
            }
        }
        let sent = self
            .send(
                Method::Put,
                &format!("/services/{id}"),
                serde_json::json!({ "terminationPolicy": "terminateAtExpirationDate" }),
            )
            .await
            .map(|_| Found::Done);
        self.settle(sent, Recheck::TerminationRequested { id })
            .await
    }

    /// **Delete a web hosting immediately** (`POST /hosting/web/{serviceName}/terminate`); the
    /// provider then e-mails a confirmation link. The path is built from the route the API gives
    /// the service now (its `serviceName` variable), never from a name shown on the page. Stops
    /// if the deletion is already under way.
    pub async fn delete_hosting_now(&self, id: u64) -> Settled {
        let service = match self.service(id).await {
            Ok(service) if ended(&service) => return Settled::changed(Changed::Ended),
            Ok(service) => service,
            Err(error) => return Settled::refused(error),
        };
        let Some(name) = hosting_name(&service) else {
            return Settled::refused(ApiError::new(super::ApiErrorKind::NotFound));
        };
        let name = encode_path_segment(name);
        let sent = self
            .send(
                Method::Post,
                &format!("/hosting/web/{name}/terminate"),
                serde_json::json!({}),
            )
            .await
            .map(|_| Found::Done);
        self.settle(sent, Recheck::Deletion { id }).await
    }

    /// **Pay my bill**: an order for what is due, whose `url` is the payment page. `since` is the
    /// click, by the server's clock (unix seconds).
    ///
    /// Nothing in a payment order says which click made it, so the account's recent orders are
    /// read first: after a lost answer, only an order that was not there before is this one (an
    /// order made just before, a renewal say, is never taken for it). They are read from a day
    /// before the click, so that a device clock that is off (when the server's could not be
    /// read) still finds it.
    pub async fn pay_debts(&self, since: i64) -> Settled {
        let since = since - PAYMENT_ORDER_WINDOW_SECS;
        // An order listed then not found is known by its id: it was there before the click.
        let known = match self.orders_since(since).await.and_then(|r| r.all_ids()) {
            Ok(ids) => ids,
            Err(error) => return Settled::refused(error),
        };
        let sent = self
            .send(Method::Post, "/me/debtAccount/pay", serde_json::json!({}))
            .await
            .and_then(|answer| decode_value::<PaymentOrder>(&answer.body))
            .map(Found::Payment);
        self.settle(sent, Recheck::PaymentOrder { since, known })
            .await
    }

    /// **Renew / anticipate payment**, one service or a family (`POST /service/{key}/renew` with
    /// `services`: the ids of `seen`): an order whose `url` is the payment page. Each service is
    /// read again first: nothing is ordered when one changed since the customer saw it (`seen`:
    /// a termination requested elsewhere, its renewal switched, its expiry moved, ended). The
    /// services' internal names are on the order's lines: after a lost answer, an order created
    /// since `since` with a line for one of them is this order.
    pub async fn renew_order(
        &self,
        key: u64,
        seen: &[ServiceRow],
        duration: &str,
        since: i64,
    ) -> Settled {
        if seen.is_empty() {
            return Settled::refused(ApiError::new(super::ApiErrorKind::NotFound));
        }
        for row in seen {
            let now = match self.service(row.id).await {
                Ok(service) => ServiceRow::from(&service),
                Err(error) => return Settled::refused(error),
            };
            if let Some(changed) = now.changed_for_renewal_since(row) {
                return Settled::changed(changed);
            }
        }
        let ids: Vec<u64> = seen.iter().map(|r| r.id).collect();
        let references: Vec<String> = seen.iter().map(|r| r.reference.to_string()).collect();
        let body = serde_json::json!({ "duration": duration, "services": ids, "dryRun": false });
        let sent = self
            .send(Method::Post, &format!("/service/{key}/renew"), body)
            .await
            .and_then(|answer| decode_value::<RenewOrder>(&answer.body))
            .map(Found::Renewal);
        let recheck = Recheck::RenewOrder { since, references };
        self.settle(sent, recheck).await
    }

    /// The quote of a renewal (dry run): nothing is ordered.
    pub async fn renew_quote(
        &self,
        key: u64,
        ids: &[u64],
        duration: &str,
    ) -> Result<RenewOrder, ApiError> {
        let body = serde_json::json!({ "duration": duration, "services": ids, "dryRun": true });
        // A dry run orders nothing: a 429 or a 5xx is sent again like a read.
        let answer = self
            .send_harmless(Method::Post, &format!("/service/{key}/renew"), body)
            .await?;
        decode_value(&answer.body)
    }

    /// **Withdraw from an order** (14-day withdrawal): `POST /me/order/{id}/retraction`
    /// `{ reason, comment? }`; a blank comment is left out. Stops if the order is already being
    /// cancelled.
    pub async fn retract_order(
        &self,
        id: u64,
        reason: &RetractionReason,
        comment: Option<&str>,
    ) -> Settled {
        let before = match self.order_status(id).await {
            Ok(status) if cancelling(&status) => return Settled::changed(Changed::AlreadyDone),
            Ok(status) => status,
            Err(error) => return Settled::refused(error),
        };
        let mut body = serde_json::json!({ "reason": reason.as_wire() });
        if let Some(comment) = comment.filter(|c| !c.trim().is_empty()) {
            body["comment"] = Value::String(comment.to_string());
        }
        let sent = self
            .send(Method::Post, &format!("/me/order/{id}/retraction"), body)
            .await
            .map(|_| Found::Done);
        let recheck = Recheck::Withdrawal {
            order_id: id,
            before,
        };
        self.settle(sent, recheck).await
    }

    /// **Align renewal dates**: the account's renew day (1–29). Reads the setting first and
    /// writes only the day (`active` as the account has it), `POST` when never set, `PUT`
    /// otherwise. `seen` is what the page showed; a setting changed meanwhile stops it.
    pub async fn set_renew_day(&self, seen: Option<AccountAutorenew>, day: u32) -> Settled {
        let before = match self.account_autorenew().await {
            Ok(before) => before,
            Err(error) => return Settled::refused(error),
        };
        if before != seen {
            return Settled::changed(Changed::RenewDayChanged);
        }
        if before.as_ref().is_some_and(|a| a.renew_day == day) {
            return Settled::changed(Changed::AlreadyDone);
        }
        let (method, body) = autorenew_body(before.as_ref(), day);
        let sent = self
            .send(method, "/me/autorenew", body)
            .await
            .map(|_| Found::Day(day));
        self.settle(sent, Recheck::RenewDay { day, before }).await
    }

    /// The account's orders dated from `since` (minus some slack for clock drift), newest first,
    /// as far as they could be read: an order listed but not read may be the one looked for, so
    /// a [`RecentOrders`] that is not whole never serves to prove that nothing was made. An error
    /// when not even the list could be read.
    pub async fn orders_since(&self, since: i64) -> Result<RecentOrders, ApiError> {
        let from = iso_from_secs(since - ORDER_CLOCK_SLACK_SECS);
        let path = format!(
            "/me/order?date.from={}",
            super::config::encode_query_value(&from)
        );
        let mut orders = Vec::new();
        let report = self
            .load_collection(
                super::collection::Collection {
                    path: &path,
                    page_size: 50,
                    headers: &[
                        (super::orders::HEADER_SORT, "date"),
                        (super::orders::HEADER_SORT_ORDER, "DESC"),
                        ("Pragma", "no-cache"),
                    ],
                },
                |page, _| orders.extend(page),
            )
            .await?;
        // An id that is not a number cannot be known by it: that order counts as not read.
        let mut gone = Vec::with_capacity(report.gone.len());
        let mut not_read = report.progress.skipped;
        for id in &report.gone {
            match id.parse() {
                Ok(id) => gone.push(id),
                Err(_) => not_read += 1,
            }
        }
        let unread = match report.error {
            Some(error) => Some(error),
            None if not_read > 0 => Some(ApiError::decode(format!(
                "{not_read} order(s) of the account could not be read"
            ))),
            None => None,
        };
        Ok(RecentOrders {
            orders,
            unread,
            gone,
        })
    }
}

/// The account's recent orders ([`ApiClient::orders_since`]) and what of them could not be read.
#[derive(Debug)]
pub struct RecentOrders {
    /// The orders read.
    pub orders: Vec<super::models::Order>,
    /// Why some orders or a page of them could not be read (their ids unknown).
    pub unread: Option<ApiError>,
    /// Orders listed, then not found when read (perhaps the one being made, not yet readable).
    pub gone: Vec<u64>,
}

impl RecentOrders {
    /// What keeps this list from proving that an order is not among them, apart from the orders
    /// `known` before: a part not read, or an order listed then not found that was not known.
    fn gap(&self, known: &[u64]) -> Option<ApiError> {
        let unknown = self.gone.iter().filter(|id| !known.contains(id)).count();
        self.unread.clone().or_else(|| {
            (unknown > 0).then(|| {
                ApiError::decode(format!(
                    "{unknown} order(s) of the account were listed but not found when read"
                ))
            })
        })
    }

    /// The ids of every order there is, read or listed then not found; `Err` when some could
    /// not be read (their ids are not known).
    fn all_ids(&self) -> Result<Vec<u64>, ApiError> {
        match &self.unread {
            Some(error) => Err(error.clone()),
            None => Ok(self
                .orders
                .iter()
                .map(|o| o.order_id)
                .chain(self.gone.iter().copied())
                .collect()),
        }
    }
}

fn cancelling(status: &OrderStatus) -> bool {
    matches!(status, OrderStatus::Cancelling | OrderStatus::Cancelled)
}

/// Being deleted or gone.
fn ended(service: &Service) -> bool {
    matches!(
        service.resource.state,
        ResourceState::ToDelete | ResourceState::Deleted
    ) || service
        .billing
        .as_ref()
        .and_then(|b| b.lifecycle.as_ref())
        .is_some_and(|l| {
            l.current
                .pending_actions
                .contains(&LifecycleAction::Terminate)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legacy_block_changes_only_what_was_chosen() {
        let current = serde_json::json!({
            "automatic": true, "deleteAtExpiration": true, "forced": true,
            "manualPayment": false, "period": 12
        });
        let manual = legacy_renew_block(&current, RenewalChoice::Manual);
        assert_eq!(manual["automatic"], false);
        assert_eq!(manual["manualPayment"], true);
        // A termination requested is kept: the customer did not choose to undo it.
        assert_eq!(manual["deleteAtExpiration"], true);
        assert_eq!(manual["forced"], true);
        assert_eq!(manual["period"], 12);
        let monthly = legacy_renew_block(&manual, RenewalChoice::Automatic { months: 1 });
        assert_eq!(monthly["automatic"], true);
        assert_eq!(monthly["manualPayment"], false);
        assert_eq!(monthly["period"], 1);
        assert_eq!(monthly["deleteAtExpiration"], true);
        let from_nothing = legacy_renew_block(&Value::Null, RenewalChoice::Manual);
        assert!(from_nothing.get("deleteAtExpiration").is_none());
        assert!(from_nothing.get("forced").is_none());
    }

    #[test]
    fn the_services_body_has_a_period_only_when_automatic() {
        assert_eq!(
            services_renew_body(RenewalChoice::Automatic { months: 3 }),
            serde_json::json!({ "renew": { "mode": "automatic", "period": "P3M" } })
        );
        assert_eq!(
            services_renew_body(RenewalChoice::Manual),
            serde_json::json!({ "renew": { "mode": "manual" } })
        );
    }

    #[test]
    fn the_legacy_view_reads_the_flags() {
        let v = legacy_view(&serde_json::json!({
            "automatic": false, "manualPayment": true, "deleteAtExpiration": true, "period": null
        }));
        assert_eq!(v.automatic, Some(false));
        assert!(v.termination_requested);
        assert_eq!(v.period_months, None);
        let v = legacy_view(&serde_json::json!({ "automatic": true, "period": 3 }));
        assert_eq!(v.automatic, Some(true));
        assert_eq!(v.period_months, Some(3));
        assert!(!v.termination_requested);
        assert_eq!(legacy_view(&Value::Null), RenewView::default());
    }

    #[test]
    fn the_renew_day_keeps_the_accounts_active_flag() {
        let off = AccountAutorenew {
            active: false,
            renew_day: 3,
        };
        assert_eq!(
            autorenew_body(Some(&off), 12),
            (
                Method::Put,
                serde_json::json!({ "active": false, "renewDay": 12 })
            )
        );
        assert_eq!(
            autorenew_body(None, 5),
            (Method::Post, serde_json::json!({ "renewDay": 5 }))
        );
    }

    #[test]
    fn orders_since_is_an_iso_instant() {
        assert_eq!(iso_from_secs(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_from_secs(1_796_400_000), "2026-12-04T16:00:00Z");
    }
}
