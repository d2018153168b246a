//! `gateway`: checks its configuration, then serves (see the crate documentation).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use gateway::config::{Cli, Config};
use gateway::Gateway;

fn fail(msg: &str) -> ExitCode {
    eprintln!("gateway: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let config = match Config::from_cli(Cli::parse()) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let listen = config.listen;
    let public = config.public_origin.clone();
    let flow = config.flow.name();
    let api = config.api_base.clone();
    let gw = match Gateway::new(config) {
        Ok(g) => g,
        Err(e) => return fail(&e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(&format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(listen).await {
            Ok(l) => l,
            Err(e) => return fail(&format!("cannot listen on {listen}: {e}")),
        };
        let bound = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        println!(
            "Gateway listening on http://{bound}/ (public URL {public}, {flow} sign-in, API {api})"
        );
        let _ = std::io::stdout().flush();
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match axum::serve(listener, gateway::app(gw))
            .with_graceful_shutdown(shutdown)
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&format!("server error: {e}")),
        }
    })
}
