//! `sandbox`: the local OVHcloud-API-compatible backend (CLI only; the server is in the lib).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use sandbox::{dataset, faults, seed, util, AppState, Config};

#[derive(Debug, Parser)]
#[command(
    name = "sandbox",
    version,
    about = "Local OVHcloud-API-compatible backend for billing-console"
)]
struct Cli {
    /// Port on 127.0.0.1 (default: env PORT, else 8080; 0 = any free port).
    #[arg(long)]
    port: Option<u16>,
    /// Built site served at / (SPA fallback to index.html).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Load the account from a dataset file instead of seeding it.
    #[arg(long)]
    dataset: Option<PathBuf>,
    /// Number of seeded services.
    #[arg(long, default_value_t = seed::DEFAULT_SERVICES)]
    services: usize,
    /// Number of past orders (besides the recent and notable ones); default 49.
    #[arg(long, default_value_t = seed::DEFAULT_HISTORY_ORDERS)]
    orders: usize,
    /// Seed of the generator and of fault rates.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The sandbox clock at start (RFC 3339); default: real time.
    #[arg(long)]
    now: Option<String>,
    /// Fault rules, e.g. 'kind=latency,latencyMs=150;kind=status,status=500,path=/services,rate=0.3'.
    #[arg(long)]
    faults: Option<String>,
    /// Serve the API without the session cookie.
    #[arg(long)]
    no_auth: bool,
    /// List endpoints ignore the X-Pagination-* headers and answer ids (a backend without
    /// iceberg); `PUT /_sandbox/settings {"ignorePagination": bool}` switches it at run time.
    #[arg(long)]
    ignore_pagination: bool,
    /// Requests with `X-Ovh-Batch` are answered as if batch mode did not exist (a list of ids is
    /// an invalid id); `PUT /_sandbox/settings {"ignoreBatch": bool}` switches it at run time.
    #[arg(long)]
    ignore_batch: bool,
    /// Write the account as a dataset file and exit.
    #[arg(long)]
    dump_dataset: Option<PathBuf>,
    #[command(flatten)]
    upstream: sandbox::upstream::UpstreamArgs,
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let now = match &cli.now {
        Some(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(d) => d,
            Err(e) => return fail(&format!("--now: invalid RFC 3339 datetime `{s}`: {e}")),
        },
        None => chrono::Utc::now().with_timezone(&util::paris()),
    };
    let rules = match &cli.faults {
        Some(spec) => match faults::parse_spec(spec) {
            Ok(r) => r,
            Err(e) => return fail(&format!("--faults: {e}")),
        },
        None => Vec::new(),
    };
    let reseed = sandbox::state::Reseed {
        services: cli.services,
        history: cli.orders,
    };
    let account = match &cli.dataset {
        Some(path) => match dataset::load_dataset(path) {
            Ok(a) => a,
            Err(e) => return fail(&e),
        },
        None => reseed.generate(cli.seed, now),
    };
    if let Some(out) = &cli.dump_dataset {
        return match std::fs::write(out, dataset::dump_dataset(&account)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&format!("{}: {e}", out.display())),
        };
    }
    if let Some(dist) = &cli.dist {
        if !dist.join("index.html").is_file() {
            return fail(&format!("--dist: {} has no index.html", dist.display()));
        }
    }
    let port = match cli.port {
        Some(p) => p,
        None => match std::env::var("PORT") {
            Ok(p) => match p.parse() {
                Ok(p) => p,
                Err(_) => return fail(&format!("PORT: invalid port `{p}`")),
            },
            Err(_) => 8080,
        },
    };
    let config = Config {
        no_auth: cli.no_auth,
        dist: cli.dist.clone(),
        seed: cli.seed,
        now,
        faults: rules,
        settings: sandbox::state::Settings {
            ignore_pagination: cli.ignore_pagination,
            ignore_batch: cli.ignore_batch,
        },
        reseed: cli.dataset.is_none().then_some(reseed),
    };
    let state = AppState::new(account, config);
    // Upstream mode: the real API's edges in front of the sandbox (served by axum).
    let upstream = if cli.upstream.upstream {
        match sandbox::upstream::app(state.clone(), &cli.upstream) {
            Ok(r) => Some(r),
            Err(e) => return fail(&e),
        }
    } else {
        None
    };
    let mode = if upstream.is_some() {
        " (upstream mode: API at /1.0)"
    } else {
        ""
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(&format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(l) => l,
            Err(e) => return fail(&format!("cannot listen on 127.0.0.1:{port}: {e}")),
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        println!("Sandbox listening on http://127.0.0.1:{port}/{mode}");
        let _ = std::io::stdout().flush();
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        if let Some(router) = upstream {
            return match axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("server error: {e}")),
            };
        }
        sandbox::serve(listener, state, shutdown).await;
        ExitCode::SUCCESS
    })
}
