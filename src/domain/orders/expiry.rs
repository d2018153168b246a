//! Which orders are expired (unpaid past their `expirationDate`), and in which order to read
//! the statuses.

use chrono::{DateTime, Utc};

use super::*;

/// An unpaid (`notPaid`) order whose `expirationDate` has passed (strictly before `now`, the
/// server's clock): it can no longer be paid and is hidden by default.
///
/// While the status is not loaded this answers `false`: most orders past their expiry date are
/// paid ones, and hiding them until the status arrives would hide real orders. Use
/// [`may_be_expired`] to load those statuses first.
pub fn is_expired(order: &OrderRow, now: DateTime<Utc>) -> bool {
    order.status.as_ref().is_some_and(OrderStatus::is_unpaid) && past_expiry(order, now)
}

/// The status is not loaded yet and the expiry has passed: once the status is known this order
/// may turn out expired (and be hidden).
pub fn may_be_expired(order: &OrderRow, now: DateTime<Utc>) -> bool {
    order.status.is_none() && past_expiry(order, now)
}

/// In which order to read the statuses (one request per order): the orders on screen first, then
/// those that may turn out expired (so the default view hides them soon), then the rest.
pub fn status_load_order(rows: &[OrderRow], on_screen: &[u64], now: DateTime<Utc>) -> Vec<u64> {
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    let candidates = rows.iter().filter(|r| may_be_expired(r, now)).map(|r| r.id);
    let rest = rows.iter().map(|r| r.id);
    for id in on_screen.iter().copied().chain(candidates).chain(rest) {
        if seen.insert(id) {
            ids.push(id);
        }
    }
    ids
}

/// Whether the order can still be paid (on its own `url`): unpaid and not past its expiry.
/// `status` is the one known now (`None` while loading: not payable yet).
pub fn payable(order: &OrderRow, status: Option<&OrderStatus>, now: DateTime<Utc>) -> bool {
    status == Some(&OrderStatus::NotPaid) && !past_expiry(order, now) && order.url.is_some()
}

/// The order's expiry date has passed (whatever its status).
fn past_expiry(order: &OrderRow, now: DateTime<Utc>) -> bool {
    order
        .expiration
        .is_some_and(|e| e.with_timezone(&Utc) < now)
}
