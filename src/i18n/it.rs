use super::Messages;
use crate::api::models::{LifecycleState, ResourceState};
use crate::domain::eligibility::Refusal;
use crate::domain::services::{RenewalStatus, ServiceType};

pub static MESSAGES: Messages = Messages {
    app_title: "Console di fatturazione",
    skip_to_content: "Vai al contenuto",
    nav_label: "Navigazione principale",
    nav_services: "I tuoi servizi",
    nav_orders: "I tuoi ordini",
    nav_account: "Il tuo account",
    language_label: "Lingua",
    account_badge_label: "Account connesso",

    loading: "Caricamento…",
    config_error: "Impossibile leggere la configurazione della console (config.json).",

    services_heading: "I tuoi servizi",
    services_loading_label: "Caricamento dei servizi",
    progress_of: |a, b| format!("{a} di {b}"),
    services_count: |n| {
        if n == "1" {
            format!("{n} servizio")
        } else {
            format!("{n} servizi")
        }
    },
    services_table_label: "Servizi",
    services_empty: "Non hai nessun servizio.",
    services_skipped: |n| {
        format!("{n} servizi inviati dall'API non sono leggibili e non vengono mostrati.")
    },
    col_name: "Nome del servizio",
    col_type: "Servizio",
    col_state: "Disponibilità",
    col_status: "Stato",
    col_next_date: "Data di effetto",
    col_frequency: "Frequenza",
    days_relative: |d| match d {
        0 => "oggi".into(),
        1 => "domani".into(),
        -1 => "ieri".into(),
        d if d > 0 => format!("tra {d} giorni"),
        d => format!("{} giorni fa", -d),
    },
    every_months: |m| {
        if m == 1 {
            "Ogni mese".into()
        } else {
            format!("Ogni {m} mesi")
        }
    },
    linked_to: "Associato a",
    page_label: "Paginazione",
    previous_page: "Pagina precedente",
    next_page: "Pagina successiva",
    range_of: |a, b, t| format!("Righe {a}–{b} di {t}"),
    not_set: "—",
    search_label: "Cerca un servizio",
    search_placeholder: "Nome o riferimento",
    filters_label: "Filtri",
    filter_type: "Tipo di servizio",
    filter_state: "Disponibilità",
    filter_renew: "Rinnovo",
    filter_status: "Stato",
    renew_option: |k| match k {
        "automatic" => "Rinnovo automatico".into(),
        "manual" => "Rinnovo manuale".into(),
        "none" => "Nessun rinnovo".into(),
        other => format!("Modalità sconosciuta ({other})"),
    },
    status_option: |k| match k {
        "billToPay" => "Fattura da pagare",
        "terminationRequested" => "Chiusura richiesta",
        "expiring7" => "In scadenza entro 7 giorni",
        "expiring30" => "In scadenza entro 30 giorni",
        _ => "?",
    },
    active_filters_label: "Filtri attivi",
    remove_filter: |l| format!("Rimuovi il filtro «{l}»"),
    clear_filters: "Cancella tutto",
    filter_chip: |f, v| format!("{f}: {v}"),
    no_match: "Nessun servizio corrisponde alla ricerca e ai filtri.",
    matching_of: |a, t| format!("{a} di {t} servizi"),
    rows_per_page: "Righe per pagina",
    first_page: "Prima pagina",
    last_page: "Ultima pagina",
    show_linked: |n, name| format!("Mostra i {n} servizi associati a {name}"),
    hide_linked: |n, name| format!("Nascondi i {n} servizi associati a {name}"),
    shown_for_context: "(mostrato per contesto)",
    col_actions: "Azioni",
    actions_for: |n| format!("Azioni per {n}"),
    action_terminate: "Disattiva il servizio alla data di scadenza",
    action_cancel_termination: "Annulla chiusura",
    refusal: |r| match r {
        Refusal::NotManagedHere => {
            "I servizi di telecomunicazione, Microsoft e MX Plan si gestiscono dalle loro pagine."
                .into()
        }
        Refusal::BillToPay => "Prima è necessario pagare una fattura.".into(),
        Refusal::TerminationPending => "La chiusura è già stata richiesta.".into(),
        Refusal::Ended => "Questo servizio è disattivato o in eliminazione.".into(),
        Refusal::OneShot => "Servizio pagato una sola volta: niente da rinnovare.".into(),
        Refusal::NeedsAutomaticRenewal => "Solo per i servizi con rinnovo automatico.".into(),
        Refusal::NeedsManualRenewal => "Solo per i servizi con rinnovo manuale.".into(),
        Refusal::NotAdministrator { administrator } => format!(
            "Solo il contatto amministratore ({}) può farlo.",
            administrator.as_deref().unwrap_or("?")
        ),
        Refusal::NotBillingContact { billing } => format!(
            "Solo il contatto di fatturazione ({}) può farlo.",
            billing.as_deref().unwrap_or("?")
        ),
        Refusal::NotOffered => "L'API non propone questa azione per questo servizio.".into(),
        Refusal::TooLateToCancel { .. } => {
            "Troppo tardi: la chiusura si può annullare fino a 24 ore prima della scadenza.".into()
        }
        Refusal::NoTerminationPending => "Nessuna chiusura richiesta.".into(),
        Refusal::WebHostingOnly => "Solo per gli hosting Web.".into(),
        Refusal::NoBillToPay => "Nessuna fattura in attesa.".into(),
    },
    no_action_available: "Nessuna azione disponibile qui per questo servizio.",
    close: "Chiudi",
    cancel: "Annulla",
    sending: "Invio in corso…",
    terminate_title: |n| format!("Disattiva {n}"),
    terminate_explain: |d| {
        format!("Il rinnovo sarà disattivato e il servizio chiuso alla data di scadenza, il {d}, insieme ai dati ad esso associati, in modo irreversibile. Potrai annullare la richiesta fino a 24 ore prima della scadenza.")
    },
    terminate_reason_label: "Motivo della chiusura",
    terminate_reason: |k| match k {
        "TOO_EXPENSIVE" => "Troppo caro",
        "WRONG_ORDER" => "Ordine errato",
        "PRODUCT_TOOLS_DONT_SUIT_ME" => "Il prodotto non fa per me",
        "NOT_NEEDED_ANYMORE" => "Non mi serve più",
        "LACK_OF_PERFORMANCES" => "Prestazioni insufficienti",
        _ => "Altro",
    },
    terminate_future: |k| match k {
        "NOT_REPLACING_SERVICE" => "Non lo sostituisco",
        "SUBSCRIBE_AN_OTHER_SERVICE" => "Prendo un altro servizio dallo stesso fornitore",
        "SUBSCRIBE_OTHER_KIND_SERVICE_WITH_COMPETITOR" => "Passo a un concorrente",
        _ => "Altro",
    },
    terminate_future_label: "E dopo?",
    terminate_comment_label: "Commento (facoltativo)",
    choose: "Scegli…",
    terminate_confirm: "Conferma la chiusura",
    terminate_done: |n| format!("Chiusura richiesta per {n}."),
    cancel_termination_title: |n| format!("Annulla la chiusura di {n}"),
    cancel_termination_explain: |d| {
        format!(
            "Il servizio non sarà più chiuso il {d}: verrà rinnovato secondo la modalità attuale."
        )
    },
    cancel_termination_done: |n| format!("La chiusura di {n} è annullata."),
    action_delete_now: "Elimina subito l'hosting",
    action_pay_bill: "Paga la mia fattura",
    delete_now_title: |n| format!("Elimina subito l'hosting {n}"),
    delete_now_explain: "L'hosting verrà eliminato subito, prima della data di scadenza. L'eliminazione è irreversibile, comporta la cancellazione definitiva dei dati e non dà diritto ad alcun rimborso. Per completare la richiesta, segui le indicazioni ricevute via email.",
    delete_now_done: |n| format!("Eliminazione richiesta per {n}: confermala dall'email ricevuta."),
    pay_bill_title: |n| format!("Paga la fattura di {n}"),
    pay_bill_explain: "Una fattura è in attesa e nessun metodo di pagamento registrato ha potuto essere addebitato. Verrà creato un ordine di pagamento da saldare sulla pagina di pagamento online.",
    pay_bill_confirm: "Crea il pagamento",
    payment_ready: |n| format!("L'ordine n° {n} è pronto: saldalo sulla pagina di pagamento."),
    go_to_payment: "Vai al pagamento",
    action_anticipate: "Anticipa il pagamento",
    action_renew: "Rinnova il servizio",
    anticipate_title: |n| format!("Anticipa il pagamento di {n}"),
    renew_title: |n| format!("Rinnova {n}"),
    anticipate_explain: "La durata scelta si aggiunge alla validità in corso: non perdi il tempo restante.",
    renew_explain: "Scegli la durata del rinnovo, poi paga l'ordine sulla pagina di pagamento online.",
    duration_label: "Durata",
    months: |m| if m == 1 { "1 mese".into() } else { format!("{m} mesi") },
    new_expiry: |d| format!("Nuova data di scadenza: {d}"),
    amount_with_tax: |a| format!("Importo IVA inclusa: {a}"),
    to_payment: "Vai al pagamento",

    error_session_title: "La tua sessione è scaduta",
    error_session_body: "Accedi di nuovo per continuare: tornerai poi a questa pagina.",
    sign_in_again: "Accedi di nuovo",
    error_forbidden: "Il tuo account non dispone dei diritti necessari per questa operazione.",
    error_not_found: "Questo elemento non esiste (più).",
    error_conflict: "L'operazione è in conflitto con un'altra modifica. Ricarica e riprova.",
    error_rejected: "La richiesta è stata rifiutata.",
    error_rate_limited: "Troppe richieste in poco tempo. Attendi qualche secondo e riprova.",
    error_server: "Il servizio di fatturazione non risponde correttamente al momento.",
    error_network: "Impossibile raggiungere il servizio. Verifica la connessione e riprova.",
    error_decode: "La risposta del servizio non è leggibile.",
    error_server_said: "Messaggio del servizio:",
    query_id_label: "Riferimento della richiesta",
    retry: "Riprova",

    not_found_heading: "Pagina non trovata",
    not_found_body: "Questo indirizzo non corrisponde a nessuna pagina della console.",
    back_to_services: "Torna a I tuoi servizi",

    orders_heading: "I tuoi ordini",
    orders_intro: "I tuoi ordini non scaduti, il loro stato e il loro monitoraggio.",
    account_heading: "Il tuo account",
    account_identity: "Identità dell'account",
    account_nic: "Identificativo cliente",
    account_email: "Indirizzo email",
    account_country: "Paese",
    view_my_orders: "Visualizza i miei ordini",

    service_type: |t| match t {
        ServiceType::Domain => "Dominio".into(),
        ServiceType::DnsZone => "Zona DNS".into(),
        ServiceType::WebHosting => "Hosting Web".into(),
        ServiceType::Vps => "VPS".into(),
        ServiceType::DedicatedServer => "Server dedicato".into(),
        ServiceType::MxPlan => "Email MX Plan".into(),
        ServiceType::PrivateDatabase => "Hosting SQL privato".into(),
        ServiceType::PublicCloud => "Public Cloud".into(),
        ServiceType::Exchange => "Exchange".into(),
        ServiceType::Microsoft => "Microsoft".into(),
        ServiceType::Telephony => "Telefonia".into(),
        ServiceType::Xdsl => "Accesso xDSL".into(),
        ServiceType::PackXdsl => "Pack xDSL".into(),
        ServiceType::Sms => "SMS".into(),
        ServiceType::Vrack => "vRack".into(),
        ServiceType::License => "Licenza".into(),
        ServiceType::Ip => "IP".into(),
        ServiceType::Other(path) => format!("Altro ({path})"),
        ServiceType::Unspecified => "Non specificato".into(),
    },
    resource_state: |s| match s {
        ResourceState::Active => "Attivo".into(),
        ResourceState::Deleted => "Eliminato".into(),
        ResourceState::Suspended => "Sospeso".into(),
        ResourceState::ToActivate => "In attivazione".into(),
        ResourceState::ToDelete => "Eliminazione richiesta".into(),
        ResourceState::ToSuspend => "In sospensione".into(),
        ResourceState::Unknown(raw) => format!("Stato sconosciuto ({raw})"),
    },
    lifecycle_state: |s| match s {
        LifecycleState::Active => "Attivo".into(),
        LifecycleState::Error => "In errore".into(),
        LifecycleState::Rupture => "Esaurito".into(),
        LifecycleState::Terminated => "Disattivato".into(),
        LifecycleState::ToRenew => "Da rinnovare".into(),
        LifecycleState::Unpaid => "Non pagato".into(),
        LifecycleState::Unrenewed => "Non rinnovato".into(),
        LifecycleState::Unknown(raw) => format!("Stato sconosciuto ({raw})"),
    },
    renewal_status: |s| match s {
        RenewalStatus::BillToPay => "Fattura da pagare".into(),
        RenewalStatus::TerminationRequested => "Chiusura richiesta".into(),
        RenewalStatus::Terminated => "Disattivato".into(),
        RenewalStatus::Automatic => "Rinnovo automatico".into(),
        RenewalStatus::Manual => "Rinnovo manuale".into(),
        RenewalStatus::OneShot => "Nessun rinnovo".into(),
        RenewalStatus::Other(raw) => format!("Modalità sconosciuta ({raw})"),
    },
};
