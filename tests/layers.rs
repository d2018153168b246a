//! The layers' dependencies go one way (architecture: `api/` → `domain/`): `domain/` is pure. It
//! never names the API layer (the wire types and the conversions from them live in `api/`), the
//! state layer, the pages, nor a browser or UI crate, so it builds and is tested natively.

use std::path::{Path, PathBuf};

/// Paths `domain/` must not use, in code (comments are not code).
const FORBIDDEN: [&str; 9] = [
    "crate::api",
    "crate::state",
    "crate::pages",
    "crate::components",
    "super::super::",
    "web_sys",
    "wasm_bindgen",
    "leptos",
    "gloo",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line: what comes before a `//` comment (a `//` inside a string ends the scan
/// early, which can only hide code, never invent a hit).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or_default()
}

fn offences(text: &str) -> Vec<(usize, &'static str)> {
    text.lines()
        .enumerate()
        .flat_map(|(n, line)| {
            FORBIDDEN
                .iter()
                .filter(move |f| code(line).contains(**f))
                .map(move |f| (n + 1, *f))
        })
        .collect()
}

#[test]
fn the_domain_never_uses_the_api_nor_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 10, "src/domain has its modules");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, what) in offences(&text) {
            found.push(format!("{}:{line}: {what}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "domain/ reaches out:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_an_import_and_ignores_a_comment() {
    assert_eq!(
        offences("use crate::api::models::Service;"),
        [(1, "crate::api")]
    );
    assert_eq!(
        offences("let x = 1;\n    crate::api::capabilities::legacy(p)"),
        [(2, "crate::api")]
    );
    assert!(offences("/// from `crate::api::rows`\nlet y = 2; // web_sys").is_empty());
}
