//! Upstream identity providers for the federation tests, started as child processes:
//! an independent OpenID provider (oidc-provider), a Facebook-style OAuth 2.0 server
//! and a SAML IdP (samlify), all under `tests/peers/` (`bash tests/peers/install.sh`).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct Peer {
    pub base: String,
    child: Child,
}

pub fn peers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers")
}

impl Peer {
    /// Starts `tests/peers/{script}` with `env`; waits for its `READY <url>` line.
    pub fn start(script: &str, env: &[(&str, &str)]) -> Peer {
        let dir = peers_dir();
        for deps in ["oidc/node_modules", "saml/node_modules"] {
            assert!(dir.join(deps).exists(), "tests/peers/{deps} is missing: run `bash tests/peers/install.sh`");
        }
        let mut cmd = Command::new("node");
        cmd.arg(dir.join(script)).env("PORT", "0").stdout(Stdio::piped()).stderr(Stdio::null()).stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("node starts (install Node.js)");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        stdout.read_line(&mut line).expect("peer prints READY");
        let base = line.trim().strip_prefix("READY ").unwrap_or_else(|| panic!("{script} did not start: {line:?}")).to_string();
        // Keep reading: a peer that writes to a closed pipe dies.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Peer { base, child }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
