//! Builds the service-worker crate (`outbox-sw`) to wasm and binds it, so the server can embed and
//! serve it: cargo-leptos builds only one wasm crate (the frontend), and the worker must ship with
//! the server that serves it. Outside Outbox's workspace (this crate as packaged), the worker's
//! files come built with the crate (`worker/`, put there by `scripts/package.sh`).
//!
//! Steps: the JS shim copied, a nested `cargo build -p outbox-sw --target wasm32-unknown-unknown`
//! in a target dir of its own inside the app's (the outer cargo holds the lock on its own; nothing
//! is written into Outbox's checkout), `wasm-bindgen --target
//! no-modules`, and in release `wasm-opt -Oz` (with the names of what the wasm imports and exports
//! minified, and the glue renamed to match) and both scripts minified by esbuild; then the glue and
//! the wasm compressed (brotli and gzip, at the highest levels: done once here, not per request),
//! and the worker's version (a hash of the outputs), which the server mixes into the version of the
//! app shell it stamps into the JS shim.

use std::collections::hash_map::DefaultHasher;
use std::env;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    // This crate sits at crates/outbox-axum in the workspace that holds the worker crate.
    let workspace = manifest_dir.parent().and_then(Path::parent).unwrap().to_path_buf();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("sw");
    fs::create_dir_all(&out).unwrap();
    let release = env::var("PROFILE").as_deref() == Ok("release");

    let in_workspace =
        fs::read_to_string(workspace.join("sw/Cargo.toml")).is_ok_and(|m| m.contains("name = \"outbox-sw\""));
    if !in_workspace {
        let built = manifest_dir.join("worker");
        println!("cargo:rerun-if-changed={}", built.display());
        for name in ["sw.js", "outbox_sw.js", "outbox_sw_bg.wasm"] {
            fs::copy(built.join(name), out.join(name))
                .unwrap_or_else(|e| panic!("the worker's {name} is not in {} ({e})", built.display()));
        }
        finish(&out);
        return;
    }
    fs::copy(workspace.join("sw/js/sw.js"), out.join("sw.js")).unwrap();

    for path in [
        "sw/src",
        "sw/js",
        "sw/Cargo.toml",
        "crates/outbox-protocol/src",
        "crates/outbox-protocol/Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", workspace.join(path).display());
    }
    for var in ["PATH", "OUTBOX_SKIP_WASM_OPT"] {
        println!("cargo:rerun-if-env-changed={var}");
    }

    let wasm = build_worker_crate(&workspace, release);
    run(
        Command::new("wasm-bindgen")
            .args(["--target", "no-modules", "--no-typescript", "--out-name", "outbox_sw", "--out-dir"])
            .arg(&out)
            .arg(&wasm),
        "wasm-bindgen (install it with scripts/setup.sh: wasm-bindgen-cli at the version in Cargo.lock)",
    );
    let bound_wasm = out.join("outbox_sw_bg.wasm");
    if release && env::var_os("OUTBOX_SKIP_WASM_OPT").is_none() {
        run(
            Command::new(wasm_opt(&workspace))
                // `--low-memory-unused` and `--converge`: as for the page (the workspace's
                // Cargo.toml says why).
                .args(["-Oz", "--converge", "--low-memory-unused", "--strip-debug", "--strip-producers"])
                .args(WASM_FEATURES)
                .arg(&bound_wasm)
                .arg("-o")
                .arg(&bound_wasm),
            "wasm-opt (npm package binaryen at the workspace root; scripts/setup.sh installs it)",
        );
        // Renamed in a run of its own: with `--converge` the renaming ran again over its own names.
        let renaming = output(
            Command::new(wasm_opt(&workspace))
                .arg("--minify-imports-and-exports-and-modules")
                .args(WASM_FEATURES)
                .arg(&bound_wasm)
                .arg("-o")
                .arg(&bound_wasm),
            "wasm-opt (npm package binaryen at the workspace root; scripts/setup.sh installs it)",
        );
        rename_in_glue(&out.join("outbox_sw.js"), &renaming);
        for script in ["sw.js", "outbox_sw.js"] {
            minify(&workspace, &out.join(script));
        }
    }

    finish(&out);
}

/// The worker's version (a hash of its glue and wasm) and the compressed copies of both.
fn finish(out: &Path) {
    let glue = fs::read(out.join("outbox_sw.js")).unwrap();
    let bytes = fs::read(out.join("outbox_sw_bg.wasm")).unwrap();
    let mut hasher = DefaultHasher::new();
    glue.hash(&mut hasher);
    bytes.hash(&mut hasher);
    fs::write(out.join("version.txt"), format!("{:016x}", hasher.finish())).unwrap();
    for (name, data) in [("outbox_sw.js", &glue), ("outbox_sw_bg.wasm", &bytes)] {
        compress(out, name, data);
    }
}

/// `name.br` and `name.gz` beside `name`.
fn compress(out: &Path, name: &str, data: &[u8]) {
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut br, &params).unwrap();
    fs::write(out.join(format!("{name}.br")), br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).unwrap();
    fs::write(out.join(format!("{name}.gz")), gz.finish().unwrap()).unwrap();
}

/// binaryen's wasm-opt from the workspace's npm packages (Debian's older one breaks wasm-bindgen's
/// externref table), else whatever `wasm-opt` is on PATH.
fn wasm_opt(workspace: &Path) -> PathBuf {
    let local = workspace.join("node_modules/.bin/wasm-opt");
    println!("cargo:rerun-if-changed={}", local.display());
    if local.exists() {
        local
    } else {
        PathBuf::from("wasm-opt")
    }
}

/// The wasm features rustc enables by default for wasm32-unknown-unknown, which wasm-opt must accept.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn build_worker_crate(workspace: &Path, release: bool) -> PathBuf {
    let target_dir = worker_target_dir();
    let mut cargo = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .current_dir(workspace)
        .args(["build", "-p", "outbox-sw", "--lib", "--target", "wasm32-unknown-unknown", "--target-dir"])
        .arg(&target_dir);
    if release {
        cargo.args(["--profile", "wasm-release"]);
    }
    // The outer build's settings are for the server, not for the worker.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        cargo.env_remove(var);
    }
    run(&mut cargo, "cargo build of the service worker (needs: rustup target add wasm32-unknown-unknown)");
    let profile_dir = if release { "wasm-release" } else { "debug" };
    target_dir.join("wasm32-unknown-unknown").join(profile_dir).join("outbox_sw.wasm")
}

/// Where the worker crate is built: beside the builds of the app that depends on this crate (its
/// target directory, `<target>/outbox-sw`), never inside Outbox's checkout, which an app may keep
/// read-only or clean. Found from `OUT_DIR` (`<target>[/<triple>]/<profile>/build/<crate>/out`), so
/// debug and release share one worker build; in an unusual layout, under `OUT_DIR` itself.
fn worker_target_dir() -> PathBuf {
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let target = out_dir
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "build"))
        .and_then(Path::parent)
        .and_then(Path::parent);
    match target {
        Some(target) => target.join("outbox-sw"),
        None => out_dir.join("outbox-sw"),
    }
}

/// A script of the worker (the shim, the glue) minified in place by esbuild (the workspace's npm
/// packages; scripts/setup.sh installs them): the glue 6.2 → 3.9 KB gzip, the shim 1.9 → 0.8 KB,
/// measured. Top-level names keep theirs (a script, not a module: esbuild renames none), so the
/// glue's `wasm_bindgen` and the shim's `__OUTBOX_CONFIG__`, which the server fills in, stay. Without
/// esbuild the scripts are served as they are.
fn minify(workspace: &Path, script: &Path) {
    let esbuild = workspace.join("node_modules/.bin/esbuild");
    println!("cargo:rerun-if-changed={}", esbuild.display());
    if !esbuild.exists() {
        println!("cargo:warning=esbuild is not installed (scripts/setup.sh): the worker's scripts are not minified");
        return;
    }
    run(
        Command::new(esbuild)
            .arg(script)
            .args(["--minify", "--log-level=warning", "--allow-overwrite"])
            .arg(format!("--outfile={}", script.display())),
        "esbuild (npm package at the workspace root; scripts/setup.sh installs it)",
    );
}

/// wasm-opt's `--minify-imports-and-exports-and-modules` renames what the wasm imports and exports
/// to a letter or two (the names wasm-bindgen gives its 154 imports, each with a hash, were 3.6 KB
/// of the worker's gzip wasm, measured) and prints each renaming (`[module, name, new]` for an
/// import, `[name, new]` for an export): the glue is made to use the new names. A glue this cannot
/// rename fails the build, not the worker.
fn rename_in_glue(glue_path: &Path, renaming: &str) {
    let mut glue = fs::read_to_string(glue_path).unwrap();
    let mut section = "";
    for line in renaming.lines().map(str::trim) {
        if let Some(heading) = ["imports", "exports"].into_iter().find(|h| line.starts_with(&format!("\"{h}\""))) {
            section = heading;
            continue;
        }
        let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        glue = match (section, quoted.as_slice()) {
            ("imports", [_, name, new]) => {
                replace_exactly_once(&glue, &format!(" {name}: function("), &format!(" \"{new}\": function("))
            }
            ("exports", [name, new]) => replace_words(&glue, &format!("wasm.{name}"), &format!("wasm[\"{new}\"]")),
            _ => glue,
        };
    }
    // Every import now comes from one module, "a".
    glue = replace_exactly_once(&glue, "\"./outbox_sw_bg.js\": import0", "\"a\": import0");
    fs::write(glue_path, glue).unwrap();
}

/// `text` with its one `from` replaced; a glue where it is not exactly once fails the build.
fn replace_exactly_once(text: &str, from: &str, to: &str) -> String {
    let found = text.matches(from).count();
    assert!(found == 1, "the worker's glue has {found} of `{from}` (wasm-bindgen's output changed?)");
    text.replacen(from, to, 1)
}

/// `text` with `from` replaced wherever no identifier goes on after it (`wasm.memory`, not a
/// longer `wasm.memory_x`).
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        let whole = !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        result.push_str(&rest[..at]);
        result.push_str(if whole { to } else { from });
        rest = after;
    }
    result.push_str(rest);
    result
}

/// Runs `command` and answers what it printed.
fn output(command: &mut Command, what: &str) -> String {
    match command.output() {
        Ok(done) if done.status.success() => String::from_utf8_lossy(&done.stdout).into_owned(),
        Ok(done) => panic!("{what} failed: {}\n{}", done.status, String::from_utf8_lossy(&done.stderr)),
        Err(e) => panic!("cannot run {what}: {e}"),
    }
}

fn run(command: &mut Command, what: &str) {
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("{what} failed: {status}"),
        Err(e) => panic!("cannot run {what}: {e}"),
    }
}
