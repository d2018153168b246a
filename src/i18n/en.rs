use super::Messages;
use crate::api::models::{LifecycleState, ResourceState};
use crate::domain::eligibility::Refusal;
use crate::domain::services::{RenewalStatus, ServiceType};

pub static MESSAGES: Messages = Messages {
    app_title: "Billing console",
    skip_to_content: "Skip to content",
    nav_label: "Main navigation",
    nav_services: "My services",
    nav_orders: "My orders",
    nav_account: "Account",
    language_label: "Language",
    account_badge_label: "Signed-in account",

    loading: "Loading…",
    config_error: "The console's configuration (config.json) could not be read.",

    services_heading: "My services",
    services_loading_label: "Loading services",
    progress_of: |a, b| format!("{a} of {b}"),
    services_count: |n| {
        if n == "1" {
            format!("{n} service")
        } else {
            format!("{n} services")
        }
    },
    services_table_label: "Services",
    services_empty: "You have no services.",
    services_skipped: |n| {
        format!("{n} service(s) sent by the API could not be read and are not shown.")
    },
    col_name: "Service name",
    col_type: "Type",
    col_state: "Availability",
    col_status: "Status",
    col_next_date: "Effective date",
    col_frequency: "Frequency",
    days_relative: |d| match d {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    },
    every_months: |m| {
        if m == 1 {
            "Every month".into()
        } else {
            format!("Every {m} months")
        }
    },
    linked_to: "Linked to",
    page_label: "Pagination",
    previous_page: "Previous page",
    next_page: "Next page",
    range_of: |a, b, t| format!("Rows {a}–{b} of {t}"),
    not_set: "—",
    search_label: "Search services",
    search_placeholder: "Name or reference",
    filters_label: "Filters",
    filter_type: "Service type",
    filter_state: "Availability",
    filter_renew: "Renewal",
    filter_status: "Status",
    renew_option: |k| match k {
        "automatic" => "Automatic renewal".into(),
        "manual" => "Manual renewal".into(),
        "none" => "No renewal".into(),
        other => format!("Unknown mode ({other})"),
    },
    status_option: |k| match k {
        "billToPay" => "Bill to pay",
        "terminationRequested" => "Termination requested",
        "expiring7" => "Expiring within 7 days",
        "expiring30" => "Expiring within 30 days",
        _ => "?",
    },
    active_filters_label: "Active filters",
    remove_filter: |l| format!("Remove filter “{l}”"),
    clear_filters: "Clear all",
    filter_chip: |f, v| format!("{f}: {v}"),
    no_match: "No service matches your search and filters.",
    matching_of: |a, t| format!("{a} of {t} services"),
    rows_per_page: "Rows per page",
    first_page: "First page",
    last_page: "Last page",
    show_linked: |n, name| format!("Show the {n} linked service(s) of {name}"),
    hide_linked: |n, name| format!("Hide the {n} linked service(s) of {name}"),
    shown_for_context: "(shown for context)",
    col_actions: "Actions",
    actions_for: |n| format!("Actions for {n}"),
    action_terminate: "Terminate",
    action_cancel_termination: "Cancel the termination",
    refusal: |r| match r {
        Refusal::NotManagedHere => {
            "Telecom, Microsoft and MX Plan services are managed from their own pages.".into()
        }
        Refusal::BillToPay => "A bill must be paid first.".into(),
        Refusal::TerminationPending => "A termination is already requested.".into(),
        Refusal::Ended => "This service has ended or is being deleted.".into(),
        Refusal::OneShot => "This service was paid once: nothing to renew.".into(),
        Refusal::NeedsAutomaticRenewal => "For services with automatic renewal only.".into(),
        Refusal::NeedsManualRenewal => "For services with manual renewal only.".into(),
        Refusal::NotAdministrator { administrator } => format!(
            "Only the administrator contact ({}) can do this.",
            administrator.as_deref().unwrap_or("?")
        ),
        Refusal::NotBillingContact { billing } => format!(
            "Only the billing contact ({}) can do this.",
            billing.as_deref().unwrap_or("?")
        ),
        Refusal::NotOffered => "The API does not offer this action for this service.".into(),
        Refusal::TooLateToCancel { .. } => {
            "Too late: a termination can be cancelled until 24 hours before the expiry.".into()
        }
        Refusal::NoTerminationPending => "No termination is requested.".into(),
        Refusal::WebHostingOnly => "For web hostings only.".into(),
        Refusal::NoBillToPay => "No bill is pending.".into(),
    },
    no_action_available: "No action is available for this service here.",
    close: "Close",
    cancel: "Cancel",
    sending: "Sending…",
    terminate_title: |n| format!("Terminate {n}"),
    terminate_explain: |d| {
        format!("Renewal will be turned off and the service terminated at its expiry date, {d}. Its data will then be deleted for good. You can cancel this request until 24 hours before the expiry.")
    },
    terminate_reason_label: "Reason for terminating",
    terminate_reason: |k| match k {
        "TOO_EXPENSIVE" => "Too expensive",
        "WRONG_ORDER" => "Ordered by mistake",
        "PRODUCT_TOOLS_DONT_SUIT_ME" => "The product does not suit me",
        "NOT_NEEDED_ANYMORE" => "I do not need it any more",
        "LACK_OF_PERFORMANCES" => "Not fast enough",
        _ => "Other",
    },
    terminate_future: |k| match k {
        "NOT_REPLACING_SERVICE" => "I am not replacing it",
        "SUBSCRIBE_AN_OTHER_SERVICE" => "I am taking another service from the same provider",
        "SUBSCRIBE_OTHER_KIND_SERVICE_WITH_COMPETITOR" => "I am moving to a competitor",
        _ => "Other",
    },
    terminate_future_label: "What next?",
    terminate_comment_label: "Comment (optional)",
    choose: "Choose…",
    terminate_confirm: "Confirm the termination",
    terminate_done: |n| format!("Termination requested for {n}."),
    cancel_termination_title: |n| format!("Cancel the termination of {n}"),
    cancel_termination_explain: |d| {
        format!(
            "The service will no longer end on {d}: it will renew with its current renewal mode."
        )
    },
    cancel_termination_done: |n| format!("The termination of {n} is cancelled."),
    action_delete_now: "Delete immediately",
    action_pay_bill: "Pay my bill",
    delete_now_title: |n| format!("Delete the hosting {n} immediately"),
    delete_now_explain: "The hosting will be deleted at once, before its expiry date. Its data will be deleted for good and the remaining time will not be refunded. A confirmation e-mail will follow: use it to complete the request.",
    delete_now_done: |n| format!("Deletion requested for {n}: confirm it from the e-mail you receive."),
    pay_bill_title: |n| format!("Pay the bill of {n}"),
    pay_bill_explain: "A bill is waiting and no registered payment method could be debited. A payment order will be created, which you then pay on the online payment page.",
    pay_bill_confirm: "Create the payment",
    payment_ready: |n| format!("Order {n} is ready: pay it on the payment page."),
    go_to_payment: "Go to the payment",
    action_anticipate: "Anticipate the payment",
    action_renew: "Renew the service",
    anticipate_title: |n| format!("Anticipate the payment of {n}"),
    renew_title: |n| format!("Renew {n}"),
    anticipate_explain: "The chosen duration is added to the remaining validity: you lose none of it.",
    renew_explain: "Choose how long to renew for, then pay the order on the online payment page.",
    duration_label: "Duration",
    months: |m| if m == 1 { "1 month".into() } else { format!("{m} months") },
    new_expiry: |d| format!("New expiry date: {d}"),
    amount_with_tax: |a| format!("Amount incl. tax: {a}"),
    to_payment: "Go to payment",

    error_session_title: "Your session has expired",
    error_session_body: "Sign in again to continue: you will come back to this page.",
    sign_in_again: "Sign in again",
    error_forbidden: "Your account is not allowed to do this.",
    error_not_found: "This item does not exist (any more).",
    error_conflict: "This conflicts with another change. Reload, then try again.",
    error_rejected: "The request was refused.",
    error_rate_limited: "Too many requests in a short time. Wait a few seconds, then try again.",
    error_server: "The billing service is not answering properly right now.",
    error_network: "The service cannot be reached. Check your connection, then try again.",
    error_decode: "The service's answer could not be read.",
    error_server_said: "The service said:",
    query_id_label: "Request reference",
    retry: "Retry",

    not_found_heading: "Page not found",
    not_found_body: "This address matches no page of the console.",
    back_to_services: "Back to My services",

    orders_heading: "My orders",
    orders_intro: "Your orders that have not expired, their status and tracking.",
    account_heading: "Account",
    account_identity: "Account identity",
    account_nic: "Customer ID",
    account_email: "E-mail address",
    account_country: "Country",
    view_my_orders: "View my orders",

    service_type: |t| match t {
        ServiceType::Domain => "Domain name".into(),
        ServiceType::DnsZone => "DNS zone".into(),
        ServiceType::WebHosting => "Web hosting".into(),
        ServiceType::Vps => "VPS".into(),
        ServiceType::DedicatedServer => "Dedicated server".into(),
        ServiceType::MxPlan => "MX Plan e-mail".into(),
        ServiceType::PrivateDatabase => "Private SQL hosting".into(),
        ServiceType::PublicCloud => "Public Cloud".into(),
        ServiceType::Exchange => "Exchange".into(),
        ServiceType::Microsoft => "Microsoft".into(),
        ServiceType::Telephony => "Telephony".into(),
        ServiceType::Xdsl => "xDSL access".into(),
        ServiceType::PackXdsl => "xDSL pack".into(),
        ServiceType::Sms => "SMS".into(),
        ServiceType::Vrack => "vRack".into(),
        ServiceType::License => "Licence".into(),
        ServiceType::Ip => "IP".into(),
        ServiceType::Other(path) => format!("Other ({path})"),
        ServiceType::Unspecified => "Unspecified".into(),
    },
    resource_state: |s| match s {
        ResourceState::Active => "Active".into(),
        ResourceState::Deleted => "Deleted".into(),
        ResourceState::Suspended => "Suspended".into(),
        ResourceState::ToActivate => "Being activated".into(),
        ResourceState::ToDelete => "Deletion requested".into(),
        ResourceState::ToSuspend => "Being suspended".into(),
        ResourceState::Unknown(raw) => format!("Unknown state ({raw})"),
    },
    lifecycle_state: |s| match s {
        LifecycleState::Active => "Active".into(),
        LifecycleState::Error => "In error".into(),
        LifecycleState::Rupture => "Out of stock".into(),
        LifecycleState::Terminated => "Terminated".into(),
        LifecycleState::ToRenew => "To renew".into(),
        LifecycleState::Unpaid => "Unpaid".into(),
        LifecycleState::Unrenewed => "Not renewed".into(),
        LifecycleState::Unknown(raw) => format!("Unknown state ({raw})"),
    },
    renewal_status: |s| match s {
        RenewalStatus::BillToPay => "Bill to pay".into(),
        RenewalStatus::TerminationRequested => "Termination requested".into(),
        RenewalStatus::Terminated => "Terminated".into(),
        RenewalStatus::Automatic => "Automatic renewal".into(),
        RenewalStatus::Manual => "Manual renewal".into(),
        RenewalStatus::OneShot => "No renewal".into(),
        RenewalStatus::Other(raw) => format!("Unknown mode ({raw})"),
    },
};
