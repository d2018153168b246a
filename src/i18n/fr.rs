use super::Messages;
use crate::api::models::{LifecycleState, ResourceState};
use crate::domain::services::{RenewalStatus, ServiceType};

pub static MESSAGES: Messages = Messages {
    app_title: "Console de facturation",
    skip_to_content: "Aller au contenu",
    nav_label: "Navigation principale",
    nav_services: "Mes services",
    nav_orders: "Mes commandes",
    nav_account: "Mon compte",
    language_label: "Langue",
    account_badge_label: "Compte connecté",

    loading: "Chargement…",
    config_error: "La configuration de la console (config.json) n'a pas pu être lue.",

    services_heading: "Mes services",
    services_loading_label: "Chargement des services",
    progress_of: |a, b| format!("{a} sur {b}"),
    services_count: |n| {
        if n == "1" || n == "0" {
            format!("{n} service")
        } else {
            format!("{n} services")
        }
    },
    services_table_label: "Services",
    services_empty: "Vous n'avez aucun service.",
    services_skipped: |n| {
        format!("{n} service(s) reçu(s) de l'API n'ont pas pu être lus et ne sont pas affichés.")
    },
    col_name: "Nom du service",
    col_type: "Service",
    col_state: "Disponibilité",
    col_status: "Statut",
    col_next_date: "Date d'effet",
    col_frequency: "Fréquence",
    days_relative: |d| match d {
        0 => "aujourd'hui".into(),
        1 => "demain".into(),
        -1 => "hier".into(),
        d if d > 0 => format!("dans {d} jours"),
        d => format!("il y a {} jours", -d),
    },
    every_months: |m| {
        if m == 1 {
            "Tous les mois".into()
        } else {
            format!("Tous les {m} mois")
        }
    },
    linked_to: "Rattaché à",
    page_label: "Pagination",
    previous_page: "Page précédente",
    next_page: "Page suivante",
    range_of: |a, b, t| format!("Lignes {a}–{b} sur {t}"),
    not_set: "—",
    search_label: "Rechercher un service",
    search_placeholder: "Nom ou référence",
    filters_label: "Filtres",
    filter_type: "Type de service",
    filter_state: "Disponibilité",
    filter_renew: "Renouvellement",
    filter_status: "Statut",
    renew_option: |k| match k {
        "automatic" => "Renouvellement automatique".into(),
        "manual" => "Renouvellement manuel".into(),
        "none" => "Sans renouvellement".into(),
        other => format!("Mode inconnu ({other})"),
    },
    status_option: |k| match k {
        "billToPay" => "Facture à payer",
        "terminationRequested" => "Résiliation demandée",
        "expiring7" => "Expire sous 7 jours",
        "expiring30" => "Expire sous 30 jours",
        _ => "?",
    },
    active_filters_label: "Filtres actifs",
    remove_filter: |l| format!("Retirer le filtre « {l} »"),
    clear_filters: "Tout effacer",
    filter_chip: |f, v| format!("{f} : {v}"),
    no_match: "Aucun service ne correspond à votre recherche et à vos filtres.",
    matching_of: |a, t| format!("{a} sur {t} services"),
    rows_per_page: "Lignes par page",
    first_page: "Première page",
    last_page: "Dernière page",
    show_linked: |n, name| format!("Afficher les {n} service(s) rattaché(s) à {name}"),
    hide_linked: |n, name| format!("Masquer les {n} service(s) rattaché(s) à {name}"),
    shown_for_context: "(affiché pour contexte)",

    error_session_title: "Votre session a expiré",
    error_session_body: "Reconnectez-vous pour continuer : vous reviendrez ensuite sur cette page.",
    sign_in_again: "Se reconnecter",
    error_forbidden: "Votre compte n'a pas les droits nécessaires pour cette opération.",
    error_not_found: "Cet élément n'existe pas ou plus.",
    error_conflict:
        "L'opération est en conflit avec une autre modification. Rechargez puis réessayez.",
    error_rejected: "La demande a été refusée.",
    error_rate_limited:
        "Trop de requêtes en peu de temps. Patientez quelques secondes puis réessayez.",
    error_server: "Le service de facturation ne répond pas correctement pour le moment.",
    error_network: "Impossible de joindre le service. Vérifiez votre connexion puis réessayez.",
    error_decode: "La réponse du service est illisible.",
    error_server_said: "Message du service :",
    query_id_label: "Référence de la requête",
    retry: "Réessayer",

    not_found_heading: "Page introuvable",
    not_found_body: "Cette adresse ne correspond à aucune page de la console.",
    back_to_services: "Retour à Mes services",

    orders_heading: "Mes commandes",
    orders_intro: "Vos bons de commande non expirés, leur état et leur suivi.",
    account_heading: "Mon compte",
    account_identity: "Identité du compte",
    account_nic: "Identifiant client",
    account_email: "Adresse e-mail",
    account_country: "Pays",
    view_my_orders: "Voir mes commandes",

    service_type: |t| match t {
        ServiceType::Domain => "Nom de domaine".into(),
        ServiceType::DnsZone => "Zone DNS".into(),
        ServiceType::WebHosting => "Hébergement web".into(),
        ServiceType::Vps => "VPS".into(),
        ServiceType::DedicatedServer => "Serveur dédié".into(),
        ServiceType::MxPlan => "E-mail MX Plan".into(),
        ServiceType::PrivateDatabase => "Hébergement SQL privé".into(),
        ServiceType::PublicCloud => "Public Cloud".into(),
        ServiceType::Exchange => "Exchange".into(),
        ServiceType::Microsoft => "Microsoft".into(),
        ServiceType::Telephony => "Téléphonie".into(),
        ServiceType::Xdsl => "Accès xDSL".into(),
        ServiceType::PackXdsl => "Pack xDSL".into(),
        ServiceType::Sms => "SMS".into(),
        ServiceType::Vrack => "vRack".into(),
        ServiceType::License => "Licence".into(),
        ServiceType::Ip => "IP".into(),
        ServiceType::Other(path) => format!("Autre ({path})"),
        ServiceType::Unspecified => "Non précisé".into(),
    },
    resource_state: |s| match s {
        ResourceState::Active => "Actif".into(),
        ResourceState::Deleted => "Supprimé".into(),
        ResourceState::Suspended => "Suspendu".into(),
        ResourceState::ToActivate => "En cours d'activation".into(),
        ResourceState::ToDelete => "Suppression en cours".into(),
        ResourceState::ToSuspend => "Suspension en cours".into(),
        ResourceState::Unknown(raw) => format!("État inconnu ({raw})"),
    },
    lifecycle_state: |s| match s {
        LifecycleState::Active => "Actif".into(),
        LifecycleState::Error => "En erreur".into(),
        LifecycleState::Rupture => "Rupture".into(),
        LifecycleState::Terminated => "Résilié".into(),
        LifecycleState::ToRenew => "À renouveler".into(),
        LifecycleState::Unpaid => "Impayé".into(),
        LifecycleState::Unrenewed => "Non renouvelé".into(),
        LifecycleState::Unknown(raw) => format!("État inconnu ({raw})"),
    },
    renewal_status: |s| match s {
        RenewalStatus::BillToPay => "Facture à payer".into(),
        RenewalStatus::TerminationRequested => "Résiliation demandée".into(),
        RenewalStatus::Terminated => "Résilié".into(),
        RenewalStatus::Automatic => "Renouvellement automatique".into(),
        RenewalStatus::Manual => "Renouvellement manuel".into(),
        RenewalStatus::OneShot => "Sans renouvellement".into(),
        RenewalStatus::Other(raw) => format!("Mode inconnu ({raw})"),
    },
};
