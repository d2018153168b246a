//! Command line and environment. Every setting is checked at start; a missing or wrong one
//! stops the gateway with one line that names it (and never echoes a secret).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use url::Url;

use crate::seal::Sealer;
use crate::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Region {
    Eu,
    Ca,
    Us,
}

impl Region {
    pub fn api_base(self) -> &'static str {
        match self {
            Region::Eu => "https://eu.api.ovh.com/1.0",
            Region::Ca => "https://ca.api.ovh.com/1.0",
            Region::Us => "https://api.us.ovhcloud.com/1.0",
        }
    }

    pub fn auth_base(self) -> &'static str {
        match self {
            Region::Eu => "https://www.ovh.com",
            Region::Ca => "https://ca.ovh.com",
            Region::Us => "https://us.ovhcloud.com",
        }
    }
}

/// The command line. Secrets are best given through the environment (flags show in `ps`);
/// `--help` never prints their values.
#[derive(Parser)]
#[command(
    name = "gateway",
    version,
    about = "Same-origin gateway between billing-console and the OVHcloud API (v1)",
    long_about = "Signs the user in (OAuth2 authorization code with PKCE, or application key + consumer key), \
keeps the session in an encrypted HttpOnly cookie, and forwards only the API calls the console makes."
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, env = "GATEWAY_LISTEN", default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,
    /// The console's public origin as the browser sees it, e.g. https://console.example.com
    /// (https, or http on a loopback address for local use).
    #[arg(long, env = "GATEWAY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The provider's region: sets the API and sign-in hosts.
    #[arg(long, env = "GATEWAY_REGION", value_enum)]
    pub region: Option<Region>,
    /// OAuth2 client id (flow AUTHORIZATION_CODE): selects the OAuth2 sign-in.
    #[arg(long, env = "GATEWAY_CLIENT_ID")]
    pub client_id: Option<String>,
    /// OAuth2 client secret.
    #[arg(long, env = "GATEWAY_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// Application key: selects the classic sign-in (consumer key validated by the user).
    #[arg(long, env = "GATEWAY_APP_KEY")]
    pub app_key: Option<String>,
    /// Application secret.
    #[arg(long, env = "GATEWAY_APP_SECRET", hide_env_values = true)]
    pub app_secret: Option<String>,
    /// Cookie keys, comma-separated, each base64 of 32 random bytes: the first encrypts, all
    /// decrypt (add the new key first, drop the old one after the session lifetime).
    #[arg(
        long = "cookie-key",
        env = "GATEWAY_COOKIE_KEYS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub cookie_keys: Vec<String>,
    /// Other origins allowed to send mutations (besides the public URL's), comma-separated.
    #[arg(
        long = "allowed-origin",
        env = "GATEWAY_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// Serve this built site (dist/) too, with its security headers, SPA fallback and a
    /// config.json pointing at this gateway.
    #[arg(long, env = "GATEWAY_DIST")]
    pub dist: Option<PathBuf>,
    /// Where the console calls the API (its config.json `apiBase`).
    #[arg(long, env = "GATEWAY_API_PREFIX", default_value = "/engine/apiv6")]
    pub api_prefix: String,
    /// Override the API base URL (tests, the sandbox's upstream mode), e.g. http://127.0.0.1:8091/1.0
    #[arg(long, env = "GATEWAY_API_BASE_URL")]
    pub api_base_url: Option<String>,
    /// Override the OAuth2 server's base URL (tests), e.g. http://127.0.0.1:8091
    #[arg(long, env = "GATEWAY_AUTH_BASE_URL")]
    pub auth_base_url: Option<String>,
    /// How long a sign-in lasts, in seconds (the OAuth2 token is refreshed within it).
    #[arg(long, env = "GATEWAY_SESSION_TTL", default_value_t = 8 * 3600)]
    pub session_ttl: u64,
    /// The longest the API may stay silent during a call, in seconds (before its answer or
    /// while it streams it).
    #[arg(long, env = "GATEWAY_UPSTREAM_TIMEOUT", default_value_t = 30)]
    pub upstream_timeout: u64,
    /// Largest API answer passed on, in bytes (a page of 5,000 services is a few MB).
    #[arg(long, env = "GATEWAY_MAX_RESPONSE_BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_response_bytes: u64,
    /// Largest request body accepted from the browser, in bytes.
    #[arg(long, env = "GATEWAY_MAX_REQUEST_BYTES", default_value_t = 64 * 1024)]
    pub max_request_bytes: usize,
}

/// How the gateway signs in and calls the API.
#[derive(Debug, Clone)]
pub enum Flow {
    OAuth2 {
        client_id: String,
        client_secret: Secret,
    },
    Classic {
        app_key: String,
        app_secret: Secret,
    },
}

impl Flow {
    pub fn name(&self) -> &'static str {
        match self {
            Flow::OAuth2 { .. } => "oauth2",
            Flow::Classic { .. } => "classic",
        }
    }
}

/// The checked configuration.
#[derive(Debug)]
pub struct Config {
    pub listen: SocketAddr,
    /// `https://console.example.com` (no trailing slash).
    pub public_origin: String,
    pub secure_context: bool,
    pub allowed_origins: Vec<String>,
    pub flow: Flow,
    pub sealer: Sealer,
    /// `https://eu.api.ovh.com/1.0` (no trailing slash).
    pub api_base: String,
    /// `https://www.ovh.com` (no trailing slash).
    pub auth_base: String,
    pub dist: Option<PathBuf>,
    pub api_prefix: String,
    pub session_ttl: u64,
    pub upstream_timeout: std::time::Duration,
    pub max_response_bytes: u64,
    pub max_request_bytes: usize,
}

impl Config {
    pub fn from_cli(cli: Cli) -> Result<Config, String> {
        let public = cli
            .public_url
            .as_deref()
            .ok_or("--public-url (GATEWAY_PUBLIC_URL) is required: the console's origin, e.g. https://console.example.com")?;
        let public_origin = origin_of(public, "--public-url")?;
        let secure_context = public_origin.starts_with("https://");
        let mut allowed_origins = vec![public_origin.clone()];
        for o in cli.allowed_origins.iter().filter(|o| !o.trim().is_empty()) {
            let o = origin_of(o.trim(), "--allowed-origin")?;
            if !allowed_origins.contains(&o) {
                allowed_origins.push(o);
            }
        }
        let flow = flow_of(&cli)?;
        let sealer = Sealer::from_base64_keys(cli.cookie_keys.iter().map(String::as_str))
            .map_err(|e| format!("--cookie-key (GATEWAY_COOKIE_KEYS): {e}"))?;
        let api_base = match (&cli.api_base_url, cli.region) {
            (Some(url), _) => base_url(url, "--api-base-url")?,
            (None, Some(region)) => region.api_base().to_string(),
            (None, None) => {
                return Err("--region (GATEWAY_REGION) is required: eu, ca or us".into());
            }
        };
        let auth_base = match (&cli.auth_base_url, cli.region) {
            (Some(url), _) => base_url(url, "--auth-base-url")?,
            (None, Some(region)) => region.auth_base().to_string(),
            (None, None) => match flow {
                Flow::Classic { .. } => String::new(),
                Flow::OAuth2 { .. } => {
                    return Err(
                        "--region (GATEWAY_REGION) or --auth-base-url is required for OAuth2"
                            .into(),
                    );
                }
            },
        };
        if let Some(dist) = &cli.dist {
            if !dist.join("index.html").is_file() {
                return Err(format!("--dist: {} has no index.html", dist.display()));
            }
        }
        let api_prefix = cli.api_prefix.trim_end_matches('/').to_string();
        if !api_prefix.starts_with('/')
            || api_prefix.len() < 2
            || api_prefix.starts_with("/auth")
            || !api_prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
            || api_prefix.contains("//")
            || api_prefix.contains("/.")
        {
            return Err(format!(
                "--api-prefix: `{}` must be a plain path like /engine/apiv6 (not under /auth)",
                cli.api_prefix
            ));
        }
        if !(60..=7 * 24 * 3600).contains(&cli.session_ttl) {
            return Err("--session-ttl: between 60 seconds and 7 days".into());
        }
        if !(1..=300).contains(&cli.upstream_timeout) {
            return Err("--upstream-timeout: between 1 and 300 seconds".into());
        }
        if cli.max_response_bytes < 1024 || cli.max_request_bytes < 1024 {
            return Err("--max-response-bytes / --max-request-bytes: at least 1024".into());
        }
        Ok(Config {
            listen: cli.listen,
            public_origin,
            secure_context,
            allowed_origins,
            flow,
            sealer,
            api_base,
            auth_base,
            dist: cli.dist,
            api_prefix,
            session_ttl: cli.session_ttl,
            upstream_timeout: std::time::Duration::from_secs(cli.upstream_timeout),
            max_response_bytes: cli.max_response_bytes,
            max_request_bytes: cli.max_request_bytes,
        })
    }

    /// Where the provider sends the user back (registered as the OAuth2 client's callback URL).
    pub fn callback_url(&self) -> String {
        format!("{}/auth/callback", self.public_origin)
    }
}

fn flow_of(cli: &Cli) -> Result<Flow, String> {
    let some = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let oauth2 = some(&cli.client_id) || some(&cli.client_secret);
    let classic = some(&cli.app_key) || some(&cli.app_secret);
    match (oauth2, classic) {
        (true, true) => Err(
            "choose one sign-in: --client-id/--client-secret (OAuth2) or --app-key/--app-secret (classic), not both"
                .into(),
        ),
        (false, false) => Err(
            "no sign-in configured: give --client-id and --client-secret (OAuth2) or --app-key and --app-secret (classic)"
                .into(),
        ),
        (true, false) => match (&cli.client_id, &cli.client_secret) {
            (Some(id), Some(secret)) if !id.trim().is_empty() && !secret.trim().is_empty() => {
                Ok(Flow::OAuth2 {
                    client_id: id.trim().to_string(),
                    client_secret: Secret::new(secret.trim()),
                })
            }
            (_, Some(s)) if !s.trim().is_empty() => {
                Err("--client-id (GATEWAY_CLIENT_ID) is missing".into())
            }
            _ => Err("--client-secret (GATEWAY_CLIENT_SECRET) is missing".into()),
        },
        (false, true) => match (&cli.app_key, &cli.app_secret) {
            (Some(key), Some(secret)) if !key.trim().is_empty() && !secret.trim().is_empty() => {
                Ok(Flow::Classic {
                    app_key: key.trim().to_string(),
                    app_secret: Secret::new(secret.trim()),
                })
            }
            (_, Some(s)) if !s.trim().is_empty() => {
                Err("--app-key (GATEWAY_APP_KEY) is missing".into())
            }
            _ => Err("--app-secret (GATEWAY_APP_SECRET) is missing".into()),
        },
    }
}

/// Plain http is accepted only towards this machine (local use and tests).
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn parse_web_url(value: &str, what: &str) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|e| format!("{what}: `{value}` is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "{what}: `{value}` must use https (http only on localhost/127.0.0.1)"
            ))
        }
        _ => return Err(format!("{what}: `{value}` must be an https URL")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{what}: no user or password in the URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("{what}: `{value}` must have no query nor fragment"));
    }
    Ok(url)
}

/// `scheme://host[:port]` of a URL that must be just an origin.
pub fn origin_of(value: &str, what: &str) -> Result<String, String> {
    let url = parse_web_url(value, what)?;
    if url.path() != "/" {
        return Err(format!(
            "{what}: `{value}` must be an origin without a path (the gateway answers /auth/* and the API prefix at the root)"
        ));
    }
    Ok(url.origin().ascii_serialization())
}

fn base_url(value: &str, what: &str) -> Result<String, String> {
    let url = parse_web_url(value, what)?;
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    fn cli(args: &[&str]) -> Result<Config, String> {
        let mut all = vec!["gateway"];
        all.extend_from_slice(args);
        let cli = Cli::try_parse_from(all).map_err(|e| e.to_string())?;
        Config::from_cli(cli)
    }

    /// A complete OAuth2 command line, with `extra` flags replacing or adding to it.
    fn oauth2(extra: &[&str]) -> Result<Config, String> {
        let mut args: Vec<(&str, &str)> = vec![
            ("--public-url", "https://console.example.com"),
            ("--region", "eu"),
            ("--client-id", "abc"),
            ("--client-secret", "s3cr3t-value"),
            ("--cookie-key", KEY),
        ];
        for pair in extra.chunks(2) {
            match args.iter_mut().find(|(flag, _)| *flag == pair[0]) {
                Some(slot) => slot.1 = pair[1],
                None => args.push((pair[0], pair[1])),
            }
        }
        let flat: Vec<&str> = args.iter().flat_map(|(f, v)| [*f, *v]).collect();
        cli(&flat)
    }

    #[test]
    fn a_complete_oauth2_configuration() {
        let c = oauth2(&[]).unwrap();
        assert_eq!(c.public_origin, "https://console.example.com");
        assert_eq!(c.api_base, "https://eu.api.ovh.com/1.0");
        assert_eq!(c.auth_base, "https://www.ovh.com");
        assert_eq!(
            c.callback_url(),
            "https://console.example.com/auth/callback"
        );
        assert_eq!(c.api_prefix, "/engine/apiv6");
        assert!(c.secure_context);
        assert_eq!(c.flow.name(), "oauth2");
        let debug = format!("{c:?}");
        assert!(!debug.contains("s3cr3t-value"), "{debug}");
        assert!(!debug.contains(KEY));
    }

    #[test]
    fn regions_pick_the_hosts() {
        let c = oauth2(&["--region", "ca"]).unwrap();
        assert_eq!(c.api_base, "https://ca.api.ovh.com/1.0");
        assert_eq!(c.auth_base, "https://ca.ovh.com");
        let c = oauth2(&["--region", "us"]).unwrap();
        assert_eq!(c.api_base, "https://api.us.ovhcloud.com/1.0");
        assert_eq!(c.auth_base, "https://us.ovhcloud.com");
    }

    #[test]
    fn overrides_for_the_local_sandbox() {
        let c = oauth2(&[
            "--api-base-url",
            "http://127.0.0.1:8091/1.0/",
            "--auth-base-url",
            "http://127.0.0.1:8091",
        ])
        .unwrap();
        assert_eq!(c.api_base, "http://127.0.0.1:8091/1.0");
        assert_eq!(c.auth_base, "http://127.0.0.1:8091");
    }

    #[test]
    fn each_wrong_setting_is_named() {
        let err = |args: &[&str]| cli(args).unwrap_err();
        assert!(err(&[]).contains("--public-url"));
        assert!(oauth2(&["--public-url", "http://console.example.com"])
            .unwrap_err()
            .contains("must use https"));
        assert!(oauth2(&["--public-url", "https://console.example.com/app"])
            .unwrap_err()
            .contains("without a path"));
        assert!(oauth2(&["--api-base-url", "http://api.example.com/1.0"])
            .unwrap_err()
            .contains("--api-base-url"));
        assert!(oauth2(&["--app-key", "k", "--app-secret", "s"])
            .unwrap_err()
            .contains("not both"));
        assert!(oauth2(&["--api-prefix", "/auth/api"])
            .unwrap_err()
            .contains("--api-prefix"));
        assert!(oauth2(&["--api-prefix", "/a/../b"])
            .unwrap_err()
            .contains("--api-prefix"));
        assert!(oauth2(&["--session-ttl", "5"])
            .unwrap_err()
            .contains("--session-ttl"));
        assert!(oauth2(&["--dist", "/nonexistent-dir"])
            .unwrap_err()
            .contains("--dist"));
        assert!(oauth2(&["--allowed-origin", "https://x.example/path"])
            .unwrap_err()
            .contains("--allowed-origin"));
        let no_secret = cli(&[
            "--public-url",
            "https://c.example",
            "--region",
            "eu",
            "--client-id",
            "abc",
            "--cookie-key",
            KEY,
        ])
        .unwrap_err();
        assert!(no_secret.contains("--client-secret"), "{no_secret}");
        let no_key = cli(&[
            "--public-url",
            "https://c.example",
            "--region",
            "eu",
            "--app-key",
            "k",
            "--app-secret",
            "s",
        ])
        .unwrap_err();
        assert!(no_key.contains("--cookie-key"), "{no_key}");
        let no_region = cli(&[
            "--public-url",
            "https://c.example",
            "--app-key",
            "k",
            "--app-secret",
            "s",
            "--cookie-key",
            KEY,
        ])
        .unwrap_err();
        assert!(no_region.contains("--region"), "{no_region}");
        let bad_key = oauth2(&["--cookie-key", "dG9vIHNob3J0"]).unwrap_err();
        assert!(bad_key.contains("32 bytes") && !bad_key.contains("dG9vIHNob3J0"));
    }

    #[test]
    fn loopback_http_is_fine_for_local_use() {
        let c = oauth2(&["--public-url", "http://127.0.0.1:8080"]).unwrap();
        assert_eq!(c.public_origin, "http://127.0.0.1:8080");
        assert!(!c.secure_context);
        let c = oauth2(&["--public-url", "http://localhost:8080/"]).unwrap();
        assert_eq!(c.public_origin, "http://localhost:8080");
    }

    #[test]
    fn allowed_origins_are_normalised_and_include_the_public_one() {
        let c = oauth2(&[
            "--allowed-origin",
            "https://www.example.com/,https://Alt.Example.com",
        ])
        .unwrap();
        assert_eq!(
            c.allowed_origins,
            vec![
                "https://console.example.com",
                "https://www.example.com",
                "https://alt.example.com"
            ]
        );
    }
}
