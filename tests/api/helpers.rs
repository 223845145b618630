//! The test kit: a real server on an ephemeral port with its own fresh database
//! (an SQLite file, or a new PostgreSQL database when COGNATE_TEST_DATABASE_URL is
//! set), and the real `cognate` binary for admin commands against the same storage.

use std::path::Path;
use std::process::Output;

use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::Value;
use tempfile::TempDir;

use cognate::config::Settings;
use cognate::startup::Application;

/// A database made for one test and dropped after it.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)).execute(&mut conn);
        }
    }
}

pub struct TestApp {
    pub address: String,
    server: actix_web::dev::ServerHandle,
    pub data_dir: TempDir,
    pub database_url: String,
    pub client: reqwest::Client,
    _pg: Option<PgDatabase>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent at once; the returned future only waits for it.
        drop(self.server.stop(false));
    }
}

pub struct CliOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl CliOutput {
    pub fn json(&self) -> Value {
        assert!(self.success, "command failed: {}", self.stderr);
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// The Cognito-style error a failed `--json` command printed on stderr.
    pub fn error(&self) -> (String, String) {
        assert!(!self.success, "command unexpectedly succeeded: {}", self.stdout);
        let v: Value = serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not a JSON error ({e}): {}", self.stderr));
        (v["__type"].as_str().unwrap_or_default().to_string(), v["message"].as_str().unwrap_or_default().to_string())
    }
}

fn fresh_database(data_dir: &std::path::Path) -> (String, Option<PgDatabase>) {
    match std::env::var("COGNATE_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            // Loopback needs no TLS, and libpq's OpenSSL teardown at process exit can crash
            // while other test threads still hold TLS connections.
            let admin_url = if admin_url.contains("sslmode=") { admin_url } else { format!("{admin_url}?sslmode=disable") };
            let name = format!("cognate_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
            diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).expect("create test database");
            let (without_query, query) = admin_url.split_once('?').unwrap_or((admin_url.as_str(), ""));
            let base = without_query.rsplit_once('/').map(|(b, _)| b).expect("database URL has a path");
            (format!("{base}/{name}?{query}"), Some(PgDatabase { admin_url: admin_url.clone(), name }))
        }
        _ => (data_dir.join("cognate.db").to_string_lossy().into_owned(), None),
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(&[]).await
    }

    /// A server whose mail goes to the SMTP listener on `smtp_port`.
    pub async fn spawn_with_smtp(smtp_port: u16) -> TestApp {
        let port = smtp_port.to_string();
        Self::spawn_with(&[("COGNATE_SMTP__HOST", "127.0.0.1"), ("COGNATE_SMTP__PORT", &port), ("COGNATE_SMTP__TLS", "none")]).await
    }

    /// A server with extra `COGNATE_*` settings.
    pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let (database_url, pg) = fresh_database(data_dir.path());
        let mut env = Self::env_for(data_dir.path(), &database_url, None);
        env.push(("COGNATE_OUTBOX_POLL_MS".into(), "100".into()));
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let settings = Settings::load(None, env.into_iter()).expect("test settings");
        let app = Application::build(settings).await.expect("server builds");
        let address = app.public_url().to_string();
        let server = app.handle();
        tokio::spawn(app.run_until_stopped());
        TestApp { address, server, data_dir, database_url, client: reqwest::Client::new(), _pg: pg }
    }

    fn env_for(data_dir: &Path, database_url: &str, public_url: Option<&str>) -> Vec<(String, String)> {
        let mut env = vec![
            ("COGNATE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
            ("COGNATE_DATA_DIR".to_string(), data_dir.to_string_lossy().into_owned()),
            ("COGNATE_DATABASE_URL".to_string(), database_url.to_string()),
            // Rotation tests wait one cache period; keep it short.
            ("COGNATE_KEY_CACHE_SECONDS".to_string(), "1".to_string()),
            ("COGNATE_LOG".to_string(), "warn".to_string()),
        ];
        if let Some(url) = public_url {
            env.push(("COGNATE_PUBLIC_URL".to_string(), url.to_string()));
        }
        env
    }

    /// Runs `cognate --json <args>` against this server's storage.
    pub async fn cli(&self, args: &[&str]) -> CliOutput {
        self.cli_with(args, &[], None).await
    }

    /// Like [`cli`], with extra environment variables and optional stdin.
    pub async fn cli_with(&self, args: &[&str], extra_env: &[(&str, &str)], stdin: Option<&str>) -> CliOutput {
        use tokio::io::AsyncWriteExt;
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_cognate"));
        cmd.arg("--json").args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in Self::env_for(self.data_dir.path(), &self.database_url, Some(&self.address)) {
            cmd.env(k, v);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn cognate");
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(input) = stdin {
            pipe.write_all(input.as_bytes()).await.expect("write stdin");
        }
        drop(pipe);
        let Output { status, stdout, stderr } = child.wait_with_output().await.expect("cognate ran");
        CliOutput { success: status.success(), stdout: String::from_utf8_lossy(&stdout).into(), stderr: String::from_utf8_lossy(&stderr).into() }
    }

    pub async fn create_pool(&self, extra: &[&str]) -> String {
        let mut args = vec!["pool", "create", "--name", "test pool"];
        args.extend_from_slice(extra);
        self.cli(&args).await.json()["id"].as_str().expect("pool id").to_string()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request sent")
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let resp = self.get(path).await;
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("JSON body"))
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    /// Everything the database holds, as text: the SQLite files, or a pg_dump.
    pub fn database_dump(&self) -> String {
        if self.is_postgres() {
            let out = std::process::Command::new("pg_dump")
                .arg("--data-only")
                .arg(&self.database_url)
                .output()
                .expect("pg_dump runs (install postgresql-client)");
            assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).into_owned()
        } else {
            let mut all = Vec::new();
            for suffix in ["", "-wal"] {
                if let Ok(bytes) = std::fs::read(format!("{}{suffix}", self.database_url)) {
                    all.extend(bytes);
                }
            }
            String::from_utf8_lossy(&all).into_owned()
        }
    }
}
