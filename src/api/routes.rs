//! Every route the console can send, once: method and path template in the API's own spelling
//! (`{serviceId}`, `{serviceName}`). The conformance tests check each against the published
//! schema (`tests/fixtures/schema/`), and the gateway's allowlist is this same table: nothing
//! here depends on the rest of the crate, so `gateway/` includes the file as it is.
//!
//! `{route}` stands for a service's own route (`route.path` of `/services/{id}`, e.g.
//! `/domain/{serviceName}`); which routes have a legacy `serviceInfos` is the job of
//! `capabilities`.

/// HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
    Put,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
        }
    }
}

/// One route the console calls, and what for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiRoute {
    pub verb: Verb,
    pub path: &'static str,
    pub purpose: &'static str,
}

const fn route(verb: Verb, path: &'static str, purpose: &'static str) -> ApiRoute {
    ApiRoute {
        verb,
        path,
        purpose,
    }
}

use Verb::{Get, Post, Put};

/// The console's routes (apart from `{route}/serviceInfos`, see [`SERVICE_INFOS`]).
pub const ROUTES: &[ApiRoute] = &[
    route(Get, "/auth/time", "the server's clock for time rules"),
    route(Get, "/me", "the account (rights, billing contact)"),
    route(Get, "/services", "every service (iceberg pages)"),
    route(
        Get,
        "/services/{serviceId}",
        "one service, read again after a change",
    ),
    route(
        Put,
        "/services/{serviceId}",
        "renewal or termination policy (newer products)",
    ),
    route(
        Get,
        "/services/{serviceId}/renewPeriodCapacities",
        "renewal periods (newer products)",
    ),
    route(
        Get,
        "/services/{serviceId}/form/{formName}",
        "the termination questionnaire",
    ),
    route(
        Post,
        "/services/{serviceId}/form/{formName}/answer",
        "answers to the questionnaire",
    ),
    route(Get, "/service/{serviceId}/renew", "renewal offers"),
    route(Post, "/service/{serviceId}/renew", "renewal quote or order"),
    route(
        Post,
        "/hosting/web/{serviceName}/terminate",
        "delete a web hosting now",
    ),
    route(Get, "/me/order", "orders (iceberg pages)"),
    route(Get, "/me/order/{orderId}", "one order"),
    route(Get, "/me/order/{orderId}/status", "an order's status"),
    route(Get, "/me/order/{orderId}/details", "an order's lines (ids)"),
    route(
        Get,
        "/me/order/{orderId}/details/{orderDetailId}",
        "one line of an order",
    ),
    route(Get, "/me/order/{orderId}/followUp", "an order's tracking"),
    route(
        Get,
        "/me/order/{orderId}/paymentMethods",
        "how an order can be paid",
    ),
    route(
        Post,
        "/me/order/{orderId}/retraction",
        "the 14-day withdrawal",
    ),
    route(Get, "/me/payment/method", "payment methods (iceberg pages)"),
    route(
        Get,
        "/me/payment/method/{paymentMethodId}",
        "one payment method",
    ),
    route(Get, "/me/debtAccount/debt", "debts (ids)"),
    route(Get, "/me/debtAccount/debt/{debtId}", "one debt"),
    route(Post, "/me/debtAccount/pay", "pay what is due"),
    route(Get, "/me/autorenew", "the account's renewal day"),
    route(Post, "/me/autorenew", "set the renewal day the first time"),
    route(Put, "/me/autorenew", "change the renewal day"),
    route(
        Get,
        "/me/accessRestriction/totp",
        "authenticator apps (ids)",
    ),
    route(
        Get,
        "/me/accessRestriction/totp/{id}",
        "one authenticator app",
    ),
    route(Get, "/me/accessRestriction/u2f", "security keys (ids)"),
    route(Get, "/me/accessRestriction/u2f/{id}", "one security key"),
    route(Get, "/me/accessRestriction/sms", "two-factor phones (ids)"),
    route(
        Get,
        "/me/accessRestriction/sms/{id}",
        "one two-factor phone",
    ),
    route(
        Get,
        "/me/accessRestriction/backupCode",
        "backup codes (404: none)",
    ),
];

/// A service's legacy details: `GET` and `PUT {route}/serviceInfos`, where the product has them.
pub const SERVICE_INFOS: &str = "/serviceInfos";

/// The routes read for many ids in one request, in the API's batch mode (undocumented, used by
/// the provider's own panel): the ids joined by [`BATCH_SEPARATOR`] in the path's one numeric
/// parameter (`/me/order/1,2,3/status`), the header [`BATCH_HEADER`] set to the separator, and an
/// array of `{"key", "value", "error"}` in answer, one per id. The console falls back to one
/// request per id when the API does not answer that way; the gateway lets nothing else through.
pub const BATCH_ROUTES: &[&str] = &["/me/order/{orderId}/status"];
pub const BATCH_HEADER: &str = "X-Ovh-Batch";
pub const BATCH_SEPARATOR: &str = ",";
/// Ids per batch request at most: the provider's panel asks by 50.
pub const MAX_BATCH_KEYS: usize = 50;
