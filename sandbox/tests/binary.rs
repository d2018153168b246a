//! The real binary: starts, prints the listening line, answers HTTP; bad input exits 2.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sandbox");

fn datasets() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

fn raw_get(port: u16, path: &str, cookie: Option<&str>) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn starts_listens_answers_and_stops() {
    let mut child = Command::new(BIN)
        .args([
            "--port",
            "0",
            "--services",
            "60",
            "--now",
            "2026-11-23T10:00:00+01:00",
            "--faults",
            "kind=latency,latencyMs=1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .strip_prefix("Sandbox listening on http://127.0.0.1:")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected line {line:?}"))
        .parse()
        .unwrap();
    let resp = raw_get(port, "/engine/apiv6/me", None);
    assert!(resp.starts_with("HTTP/1.1 401"), "{resp}");
    assert!(resp
        .to_ascii_lowercase()
        .contains("x-ovh-queryid: eu.ext-1."));
    let time = raw_get(port, "/engine/apiv6/auth/time", None);
    assert!(time.starts_with("HTTP/1.1 200"), "{time}");
    assert!(time.trim_end().ends_with(|c: char| c.is_ascii_digit()));
    let services = raw_get(port, "/_sandbox/state", None);
    assert!(services.contains("\"services\":60"), "{services}");
    child.kill().unwrap();
    child.wait().unwrap();
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_dataset_exits_2_with_one_line() {
    let path = datasets().join("broken-type.json");
    let (code, _, err) = run(&["--dataset", path.to_str().unwrap(), "--port", "0"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("services[1].billing.expirationDate: invalid type: integer `5`, expected a string at line 182"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn bad_faults_spec_exits_2_naming_the_field() {
    let (code, _, err) = run(&["--faults", "kind=status,status=five", "--port", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("`status`"), "{err}");
    let (code, _, err) = run(&["--now", "yesterday"]);
    assert_eq!(code, 2);
    assert!(err.contains("--now"), "{err}");
}

#[test]
fn dump_dataset_round_trips_through_the_cli() {
    let dir = std::env::temp_dir().join(format!("sandbox-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    let (code, _, err) = run(&[
        "--services",
        "80",
        "--seed",
        "3",
        "--now",
        "2026-11-23T10:00:00+01:00",
        "--dump-dataset",
        a.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        "--dataset",
        a.to_str().unwrap(),
        "--dump-dataset",
        b.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let ta = std::fs::read_to_string(&a).unwrap();
    assert_eq!(ta, std::fs::read_to_string(&b).unwrap());
    let v: serde_json::Value = serde_json::from_str(&ta).unwrap();
    assert_eq!(v["services"].as_array().unwrap().len(), 80);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_binary_drops_a_connection_without_an_answer() {
    let mut child = Command::new(BIN)
        .args([
            "--port",
            "0",
            "--services",
            "20",
            "--no-auth",
            "--faults",
            "kind=drop,path=/me/bill",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .strip_prefix("Sandbox listening on http://127.0.0.1:")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected line {line:?}"))
        .parse()
        .unwrap();
    assert_eq!(
        raw_get(port, "/engine/apiv6/me/bill", None),
        "",
        "no answer at all"
    );
    let me = raw_get(port, "/engine/apiv6/me", None);
    assert!(me.starts_with("HTTP/1.1 200"), "{me}");
    assert!(
        me.to_ascii_lowercase().contains("connection: close"),
        "{me}"
    );
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "nothing on stderr: {err}");
}
