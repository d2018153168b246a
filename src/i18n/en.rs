use super::Messages;
use crate::api::models::{LifecycleState, ResourceState};
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
        ResourceState::ToDelete => "Being deleted".into(),
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
