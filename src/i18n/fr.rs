use super::Messages;
use crate::api::models::{LifecycleState, ResourceState};
use crate::domain::eligibility::Refusal;
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
    col_actions: "Actions",
    actions_for: |n| format!("Actions pour {n}"),
    action_terminate: "Résilier",
    action_cancel_termination: "Annuler la résiliation",
    refusal: |r| match r {
        Refusal::NotManagedHere => {
            "Les services télécom, Microsoft et MX Plan se gèrent depuis leur espace dédié.".into()
        }
        Refusal::BillToPay => "Une facture est à régler d'abord.".into(),
        Refusal::TerminationPending => "Une résiliation est déjà demandée.".into(),
        Refusal::Ended => "Ce service est résilié ou en cours de suppression.".into(),
        Refusal::OneShot => "Ce service est payé une fois pour toutes : rien à renouveler.".into(),
        Refusal::NeedsAutomaticRenewal => {
            "Réservé aux services en renouvellement automatique.".into()
        }
        Refusal::NeedsManualRenewal => "Réservé aux services en renouvellement manuel.".into(),
        Refusal::NotAdministrator { administrator } => format!(
            "Seul le contact administrateur ({}) peut le faire.",
            administrator.as_deref().unwrap_or("?")
        ),
        Refusal::NotBillingContact { billing } => format!(
            "Seul le contact facturation ({}) peut le faire.",
            billing.as_deref().unwrap_or("?")
        ),
        Refusal::NotOffered => "L'API ne propose pas cette action pour ce service.".into(),
        Refusal::TooLateToCancel { .. } => {
            "Trop tard : l'annulation est possible jusqu'à 24 heures avant l'expiration.".into()
        }
        Refusal::NoTerminationPending => "Aucune résiliation n'est demandée.".into(),
        Refusal::WebHostingOnly => "Réservé aux hébergements web.".into(),
        Refusal::NoBillToPay => "Aucune facture n'est en attente.".into(),
    },
    no_action_available: "Aucune action n'est disponible pour ce service ici.",
    close: "Fermer",
    cancel: "Annuler",
    sending: "Envoi en cours…",
    terminate_title: |n| format!("Résilier {n}"),
    terminate_explain: |d| {
        format!("Le renouvellement sera désactivé et le service résilié à sa date d'expiration, le {d}. Les données liées à ce service seront alors supprimées de manière irréversible. Vous pourrez annuler cette demande jusqu'à 24 heures avant l'expiration.")
    },
    terminate_reason_label: "Motif de la résiliation",
    terminate_reason: |k| match k {
        "TOO_EXPENSIVE" => "Trop cher",
        "WRONG_ORDER" => "Erreur de commande",
        "PRODUCT_TOOLS_DONT_SUIT_ME" => "Le produit ne me convient pas",
        "NOT_NEEDED_ANYMORE" => "Je n'en ai plus besoin",
        "LACK_OF_PERFORMANCES" => "Performances insuffisantes",
        _ => "Autre",
    },
    terminate_future: |k| match k {
        "NOT_REPLACING_SERVICE" => "Je ne le remplace pas",
        "SUBSCRIBE_AN_OTHER_SERVICE" => "Je prends un autre service chez le même fournisseur",
        "SUBSCRIBE_OTHER_KIND_SERVICE_WITH_COMPETITOR" => "Je passe chez un concurrent",
        _ => "Autre",
    },
    terminate_future_label: "Et ensuite ?",
    terminate_comment_label: "Commentaire (facultatif)",
    choose: "Choisir…",
    terminate_confirm: "Confirmer la résiliation",
    terminate_done: |n| format!("Résiliation demandée pour {n}."),
    cancel_termination_title: |n| format!("Annuler la résiliation de {n}"),
    cancel_termination_explain: |d| {
        format!("Le service ne sera plus résilié le {d} : il sera renouvelé selon son mode de renouvellement actuel.")
    },
    cancel_termination_done: |n| format!("La résiliation de {n} est annulée."),
    action_delete_now: "Supprimer immédiatement",
    action_pay_bill: "Régler ma facture",
    delete_now_title: |n| format!("Supprimer immédiatement l'hébergement {n}"),
    delete_now_explain: "L'hébergement sera supprimé immédiatement, avant sa date d'expiration. Ses données seront supprimées de manière irréversible et aucun remboursement du temps restant ne sera effectué. Un e-mail de confirmation vous sera envoyé : suivez-le pour finaliser la demande.",
    delete_now_done: |n| format!("Suppression demandée pour {n} : confirmez-la depuis l'e-mail reçu."),
    pay_bill_title: |n| format!("Régler la facture de {n}"),
    pay_bill_explain: "Une facture est en attente de règlement et aucun moyen de paiement enregistré n'a pu être prélevé. Une commande de règlement va être créée, puis vous la paierez sur la plateforme de paiement en ligne.",
    pay_bill_confirm: "Créer le règlement",
    payment_ready: |n| format!("La commande n° {n} est prête : réglez-la sur la page de paiement."),
    go_to_payment: "Aller au paiement",
    action_anticipate: "Anticiper le paiement",
    action_renew: "Renouveler le service",
    anticipate_title: |n| format!("Anticiper le paiement de {n}"),
    renew_title: |n| format!("Renouveler {n}"),
    anticipate_explain: "La durée choisie est ajoutée au temps de validité en cours : vous ne perdez pas le temps restant.",
    renew_explain: "Choisissez la durée du renouvellement, puis réglez la commande sur la plateforme de paiement en ligne.",
    duration_label: "Durée",
    months: |m| format!("{m} mois"),
    new_expiry: |d| format!("Nouvelle date d'expiration : {d}"),
    amount_with_tax: |a| format!("Montant TTC : {a}"),
    to_payment: "Passer au paiement",
    action_configure: "Configurer le renouvellement",
    configure_title: |n| format!("Configurer le renouvellement de {n}"),
    step_of: |s, n| format!("Étape {s} sur {n}"),
    renewal_type_label: "Type de renouvellement",
    renewal_automatic: "Automatique",
    renewal_manual: "Manuel",
    manual_not_offered: "Le renouvellement manuel n'est proposé que pour les domaines, hébergements, VPS et serveurs dédiés.",
    frequency_label: "Fréquence",
    already_current: "C'est déjà le réglage actuel de ce service.",
    next_step: "Suivant",
    previous_step: "Précédent",
    confirm: "Confirmer",
    summary_heading: "Récapitulatif",
    expires_on: |d| format!("Date d'expiration : {d}"),
    next_debits_label: "Prochains prélèvements",
    charged_method: |m| format!("Moyen de paiement prélevé : {m}"),
    no_payment_method: "Aucun moyen de paiement par défaut valide n'est enregistré : la facture de renouvellement vous sera envoyée par e-mail et sera à régler en ligne. Ajoutez un moyen de paiement par défaut pour être prélevé automatiquement.",
    payment_method_unknown: "Le moyen de paiement n'a pas pu être vérifié.",
    manual_summary: |d| format!("Vous recevrez plusieurs relances par e-mail avant le {d}. Sans paiement, le service sera suspendu à sa date d'expiration, puis supprimé définitivement."),
    configure_done: |n| format!("Le renouvellement de {n} est mis à jour."),

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
        ResourceState::ToDelete => "Suppression demandée".into(),
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
