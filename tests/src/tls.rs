//! TLS over loopback with the stock tools: a small PKI made with `openssl req` / `openssl x509` (an EC P-256
//! CA and a leaf for `localhost` signed by it), an `openssl s_server` bound to 127.0.0.1 on a free port
//! (killed when dropped), scripted `openssl s_client` sessions, and bounded waits for all of them.
//!
//! Every process gets [`tools::SCRUBBED_ENV`] removed and `OPENSSL_CONF` set to the configuration under test;
//! its standard output and error go to files in the working directory, so nothing blocks on a full pipe and
//! the text can be read while the process runs. Used by `tests/tls_*.rs`; the handshake benchmark uses
//! [`Pki`].

use std::fs::{self, File};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::HarnessError;
use crate::tools::{self, Run};

/// The longest any single step (a server start, an expected line, a process exit) may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// How often bounded waits look at a process and its output.
const POLL: Duration = Duration::from_millis(20);

/// The only address the tests listen on or connect to.
pub const LOOPBACK: &str = "127.0.0.1";

/// The host name the leaf certificate is issued for (and clients verify).
pub const SERVER_NAME: &str = "localhost";

/// A `Command` for `program` with the scrubbed environment and `OPENSSL_CONF=cnf`, run in `dir`.
pub fn command(program: &Path, cnf: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    for k in tools::SCRUBBED_ENV {
        cmd.env_remove(k);
    }
    cmd.env("OPENSSL_CONF", cnf).current_dir(dir);
    cmd
}

/// A fresh pair of output file paths in `dir`, `<tag>-<n>.out` / `.err`.
fn output_files(dir: &Path, tag: &str) -> (PathBuf, PathBuf) {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    (dir.join(format!("{tag}-{n}.out")), dir.join(format!("{tag}-{n}.err")))
}

fn read_lossy(p: &Path) -> String {
    fs::read(p).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

fn describe(cmd: &Command) -> String {
    let args: Vec<String> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    format!("{} {}", cmd.get_program().to_string_lossy(), args.join(" "))
}

/// Waits up to `timeout` for `child` to exit; kills it (and says so) if it does not.
fn wait_bounded(child: &mut Child, timeout: Duration, what: &str) -> Result<Option<i32>, HarnessError> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status.code());
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(HarnessError::new(format!("{what} did not exit within {timeout:?}; killed it")));
        }
        thread::sleep(POLL);
    }
}

/// Runs `cmd` to completion with `stdin` bytes (or none), bounded by [`STEP_TIMEOUT`].
pub fn run_bounded(mut cmd: Command, dir: &Path, stdin: Option<&[u8]>) -> Result<Run, HarnessError> {
    let command = describe(&cmd);
    let (out, err) = output_files(dir, "run");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(File::create(&out)?)
        .stderr(File::create(&err)?);
    let mut child = cmd.spawn().map_err(|e| HarnessError::new(format!("cannot run `{command}`: {e}")))?;
    if let (Some(data), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(data)?;
    }
    let code = wait_bounded(&mut child, STEP_TIMEOUT, &format!("`{command}`"))?;
    let stdout_bytes = fs::read(&out)?;
    Ok(Run {
        command,
        code,
        stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
        stderr: read_lossy(&err),
        stdout_bytes,
    })
}

/// An EC P-256 PKI: a self-signed CA and a leaf certificate for [`SERVER_NAME`] (and IP 127.0.0.1) it signed.
#[derive(Clone, Debug)]
pub struct Pki {
    /// The CA certificate (PEM).
    pub ca_cert: PathBuf,
    /// The CA's private key (PEM, unencrypted).
    pub ca_key: PathBuf,
    /// The leaf (server) certificate (PEM).
    pub cert: PathBuf,
    /// The leaf's private key (PEM, unencrypted).
    pub key: PathBuf,
}

impl Pki {
    /// Makes the CA and the leaf in `dir` (files named `<tag>-ca.pem`, `<tag>-leaf.pem`, ...) by running
    /// `openssl` with `OPENSSL_CONF=cnf`: so every key, signature and serial number comes from the providers
    /// that configuration loads.
    pub fn generate(openssl: &Path, cnf: &Path, dir: &Path, tag: &str) -> Result<Pki, HarnessError> {
        Pki::generate_on(openssl, cnf, dir, tag, "P-256")
    }

    /// [`Pki::generate`] with the CA and leaf keys on the named curve `curve` (e.g. `"P-384"`).
    pub fn generate_on(openssl: &Path, cnf: &Path, dir: &Path, tag: &str, curve: &str) -> Result<Pki, HarnessError> {
        if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(HarnessError::new(format!("PKI tag {tag:?}: use letters, digits, '-' and '_' only")));
        }
        let f = |name: &str| dir.join(format!("{tag}-{name}"));
        let pki = Pki { ca_cert: f("ca.pem"), ca_key: f("ca.key"), cert: f("leaf.pem"), key: f("leaf.key") };
        fs::write(
            f("leaf.ext"),
            format!(
                "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\n\
                 extendedKeyUsage = serverAuth\nsubjectAltName = DNS:{SERVER_NAME}, IP:{LOOPBACK}\n"
            ),
        )?;
        // The commands run in `dir`, so the file names are relative (and free of spaces).
        if curve.is_empty() || !curve.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(HarnessError::new(format!("curve {curve:?}: use letters, digits and '-' only")));
        }
        let ec = format!("-newkey ec -pkeyopt ec_paramgen_curve:{curve} -nodes");
        let ca_subject = format!("/CN=ferrofips test CA {tag}");
        let leaf_subject = format!("/CN={SERVER_NAME}");
        let steps: [(String, Vec<&str>); 3] = [
            (
                format!("req -x509 {ec} -days 2 -keyout {tag}-ca.key -out {tag}-ca.pem"),
                vec![
                    "-subj",
                    &ca_subject,
                    "-addext",
                    "basicConstraints = critical, CA:TRUE",
                    "-addext",
                    "keyUsage = critical, keyCertSign, cRLSign",
                ],
            ),
            (format!("req -new {ec} -keyout {tag}-leaf.key -out {tag}-leaf.csr"), vec!["-subj", &leaf_subject]),
            (
                format!(
                    "x509 -req -sha256 -days 2 -in {tag}-leaf.csr -CA {tag}-ca.pem -CAkey {tag}-ca.key \
                     -CAserial {tag}-ca.srl -CAcreateserial -extfile {tag}-leaf.ext -out {tag}-leaf.pem"
                ),
                vec![],
            ),
        ];
        for (args, extra) in steps {
            let mut cmd = command(openssl, cnf, dir);
            cmd.args(args.split_whitespace()).args(extra);
            run_bounded(cmd, dir, None)?.ok()?;
        }
        Ok(pki)
    }
}

/// A free TCP port on 127.0.0.1 (bound once by the OS, then released for the server to take).
pub fn free_port() -> Result<u16, HarnessError> {
    Ok(TcpListener::bind((LOOPBACK, 0))?.local_addr()?.port())
}

/// A running `openssl s_server` on 127.0.0.1; killed (if still running) when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    port: u16,
    stdout: PathBuf,
    stderr: PathBuf,
    command: String,
}

impl Server {
    /// Starts `openssl s_server -accept 127.0.0.1:<free port> <args>` in `dir` with `OPENSSL_CONF=cnf` and
    /// stdin closed, and waits until it prints `ACCEPT` (it is listening). A port taken in the meantime by
    /// someone else is retried with another one.
    pub fn start(openssl: &Path, cnf: &Path, dir: &Path, args: &[&str]) -> Result<Server, HarnessError> {
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            let (stdout, stderr) = output_files(dir, "s_server");
            let mut cmd = command(openssl, cnf, dir);
            cmd.arg("s_server").arg("-accept").arg(format!("{LOOPBACK}:{port}")).args(args);
            let command = describe(&cmd);
            cmd.stdin(Stdio::null()).stdout(File::create(&stdout)?).stderr(File::create(&stderr)?);
            let child = cmd.spawn().map_err(|e| HarnessError::new(format!("cannot run `{command}`: {e}")))?;
            let mut server = Server { child, port, stdout, stderr, command };
            let start = Instant::now();
            loop {
                if read_lossy(&server.stdout).contains("ACCEPT") {
                    println!("$ {}  (listening)", server.command);
                    return Ok(server);
                }
                if let Some(status) = server.child.try_wait()? {
                    let err = read_lossy(&server.stderr);
                    last_error = format!("`{}` exited with {status} before listening:\n{err}", server.command);
                    if err.contains("in use") || err.contains("bind") {
                        break; // Port race: try another.
                    }
                    return Err(HarnessError::new(last_error));
                }
                if start.elapsed() > STEP_TIMEOUT {
                    return Err(HarnessError::new(format!(
                        "`{}` did not start listening within {STEP_TIMEOUT:?}",
                        server.command
                    )));
                }
                thread::sleep(POLL);
            }
        }
        Err(HarnessError::new(last_error))
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1:<port>`, for `s_client -connect`.
    pub fn address(&self) -> String {
        format!("{LOOPBACK}:{}", self.port)
    }

    /// Its standard output and error so far.
    pub fn output(&self) -> (String, String) {
        (read_lossy(&self.stdout), read_lossy(&self.stderr))
    }

    /// Waits (bounded) for the server to exit by itself (`-naccept`), returning its exit code and output.
    pub fn finish(mut self) -> Result<Run, HarnessError> {
        let code = wait_bounded(&mut self.child, STEP_TIMEOUT, &format!("`{}`", self.command))?;
        let (stdout, stderr) = self.output();
        Ok(Run { command: self.command.clone(), code, stdout_bytes: stdout.clone().into_bytes(), stdout, stderr })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `openssl s_client` driven line by line through its standard input.
#[derive(Debug)]
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: PathBuf,
    stderr: PathBuf,
    command: String,
}

impl Client {
    /// Starts `openssl s_client <args>` in `dir` with `OPENSSL_CONF=cnf`.
    pub fn start(openssl: &Path, cnf: &Path, dir: &Path, args: &[&str]) -> Result<Client, HarnessError> {
        let (stdout, stderr) = output_files(dir, "s_client");
        let mut cmd = command(openssl, cnf, dir);
        cmd.arg("s_client").args(args);
        let command = describe(&cmd);
        cmd.stdin(Stdio::piped()).stdout(File::create(&stdout)?).stderr(File::create(&stderr)?);
        let mut child = cmd.spawn().map_err(|e| HarnessError::new(format!("cannot run `{command}`: {e}")))?;
        let stdin = child.stdin.take();
        println!("$ {command}");
        Ok(Client { child, stdin, stdout, stderr, command })
    }

    /// Everything it printed so far, standard output then standard error.
    pub fn output(&self) -> String {
        format!("{}{}", read_lossy(&self.stdout), read_lossy(&self.stderr))
    }

    /// Writes `text` to its standard input (one read of s_client's: a command letter line or data).
    pub fn send(&mut self, text: &str) -> Result<(), HarnessError> {
        let pipe = self.stdin.as_mut().ok_or_else(|| HarnessError::new("s_client's stdin is already closed"))?;
        pipe.write_all(text.as_bytes())?;
        pipe.flush()?;
        Ok(())
    }

    /// Waits (bounded) until its output contains `needle` at least `count` times.
    pub fn expect(&mut self, needle: &str, count: usize) -> Result<(), HarnessError> {
        let start = Instant::now();
        loop {
            let text = self.output();
            if text.matches(needle).count() >= count {
                return Ok(());
            }
            let exited = self.child.try_wait()?;
            if exited.is_some() || start.elapsed() > STEP_TIMEOUT {
                let why = match exited {
                    Some(status) => format!("exited with {status}"),
                    None => format!("still running after {STEP_TIMEOUT:?}"),
                };
                return Err(HarnessError::new(format!(
                    "`{}` {why} without printing {needle:?} {count} time(s); its output:\n{text}",
                    self.command
                )));
            }
            thread::sleep(POLL);
        }
    }

    /// Closes its standard input (s_client then shuts the connection down and exits, unless `-ign_eof`) and
    /// waits (bounded) for it to exit.
    pub fn finish(mut self) -> Result<Run, HarnessError> {
        drop(self.stdin.take());
        let code = wait_bounded(&mut self.child, STEP_TIMEOUT, &format!("`{}`", self.command))?;
        let stdout = read_lossy(&self.stdout);
        Ok(Run {
            command: self.command.clone(),
            code,
            stdout_bytes: stdout.clone().into_bytes(),
            stdout,
            stderr: read_lossy(&self.stderr),
        })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
