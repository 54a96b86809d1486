//! Sealing the built module into a temporary prefix, exactly like `ferrofips install`: the module copied to
//! `<prefix>/lib/ossl-modules/ferrofips.so`, its `module-mac` computed, `<prefix>/ssl/ferrofips.cnf` (the
//! provider section) and `<prefix>/ssl/openssl.cnf` (ferrofips + base, `default_properties = fips=yes`) written.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ferrofips_evp::{Corruption, ErrorStack, LibCtx, SelfTestLog};
use ferrofips_selftest::integrity::{INSTALL_STATUS, format_mac, install_mac, module_mac};

use crate::error::HarnessError;
use crate::module::built_module;

/// The provider name, section name and installed file name the contract fixes.
pub const PROVIDER_NAME: &str = "ferrofips";
/// The config section of the provider.
pub const SECTION: &str = "ferrofips_sect";
/// The installed module's file name (OpenSSL looks provider `ferrofips` up as `ferrofips.so`).
pub const INSTALLED_NAME: &str = "ferrofips.so";

/// A directory under the system temp dir, removed (recursively) when dropped.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates a fresh, uniquely named directory.
    pub fn new(tag: &str) -> Result<TempDir, HarnessError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("ferrofips-{tag}-{}-{n}-{nanos:08x}", std::process::id()));
        fs::create_dir_all(&path)?;
        Ok(TempDir { path })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover temp dir must not turn a passing test into a panic.
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// What to write as `module-mac`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacChoice {
    /// The correct MAC of the installed file.
    Correct,
    /// No `module-mac` line.
    Missing,
    /// The correct MAC with one bit flipped.
    Wrong,
    /// This literal value.
    Literal(String),
}

/// How the installed copy is damaged after sealing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tamper {
    /// Leave it intact.
    None,
    /// Flip one bit in a part of the file the loader never maps (the `.comment` section), so `dlopen` still
    /// works and only the integrity test can notice.
    FlipUnmappedByte,
    /// Append one byte.
    AppendByte,
}

/// Options for [`Installation::with`].
#[derive(Clone, Debug)]
pub struct InstallOptions {
    /// The `module-mac` line.
    pub mac: MacChoice,
    /// Also write `install-status` / `install-mac` (what `openssl fipsinstall` 3.0 writes); `Some(false)`
    /// writes a wrong `install-mac`.
    pub install_status: Option<bool>,
    /// Damage to the installed copy, applied after the MAC is computed.
    pub tamper: Tamper,
    /// Extra `key = value` lines for the provider section.
    pub extra: Vec<String>,
    /// Write `default_properties = fips=yes` (true in the contract's config).
    pub fips_default: bool,
}

impl Default for InstallOptions {
    fn default() -> Self {
        InstallOptions {
            mac: MacChoice::Correct,
            install_status: None,
            tamper: Tamper::None,
            extra: Vec::new(),
            fips_default: true,
        }
    }
}

/// A sealed copy of the module under a temporary prefix, with its OpenSSL configuration.
#[derive(Debug)]
pub struct Installation {
    dir: TempDir,
    source: PathBuf,
    module: PathBuf,
    mac: [u8; 32],
}

fn flip_unmapped_byte(bytes: &mut [u8]) -> Result<(), HarnessError> {
    // The .comment section holds the toolchain identification strings ("rustc version ...", "GCC: ...");
    // it has no SHF_ALLOC flag, so the dynamic loader never reads it.
    for needle in [&b"rustc version"[..], &b"GCC: ("[..], &b"Linker:"[..]] {
        if let Some(pos) = bytes.windows(needle.len()).position(|w| w == needle) {
            bytes[pos + 2] ^= 0x01;
            return Ok(());
        }
    }
    Err(HarnessError::new("no .comment string found in the module to tamper with"))
}

impl Installation {
    /// Seals the built module with the contract's default configuration.
    pub fn new() -> Result<Installation, HarnessError> {
        Installation::with(&InstallOptions::default())
    }

    /// Seals the built module with `opts`.
    pub fn with(opts: &InstallOptions) -> Result<Installation, HarnessError> {
        let source = built_module()?;
        let dir = TempDir::new("install")?;
        let moddir = dir.path().join("lib").join("ossl-modules");
        let ssldir = dir.path().join("ssl");
        fs::create_dir_all(&moddir)?;
        fs::create_dir_all(&ssldir)?;
        let module = moddir.join(INSTALLED_NAME);
        fs::copy(&source, &module)?;
        let mac = module_mac(fs::File::open(&module)?)?;
        match opts.tamper {
            Tamper::None => {}
            Tamper::FlipUnmappedByte => {
                let mut bytes = fs::read(&module)?;
                flip_unmapped_byte(&mut bytes)?;
                fs::write(&module, bytes)?;
            }
            Tamper::AppendByte => {
                let mut bytes = fs::read(&module)?;
                bytes.push(0);
                fs::write(&module, bytes)?;
            }
        }
        let inst = Installation { dir, source, module, mac };
        let mut lines = vec![
            "activate = 1".to_owned(),
            format!("module = {}", inst.module.display()),
            "install-version = 1".to_owned(),
            "conditional-errors = 1".to_owned(),
            "security-checks = 1".to_owned(),
        ];
        let mut wrong = mac;
        wrong[0] ^= 1;
        match &opts.mac {
            MacChoice::Correct => lines.push(format!("module-mac = {}", format_mac(&mac))),
            MacChoice::Missing => {}
            MacChoice::Wrong => lines.push(format!("module-mac = {}", format_mac(&wrong))),
            MacChoice::Literal(s) => lines.push(format!("module-mac = {s}")),
        }
        if let Some(good) = opts.install_status {
            let mut imac = install_mac(INSTALL_STATUS)?;
            if !good {
                imac[31] ^= 0x80;
            }
            lines.push(format!("install-mac = {}", format_mac(&imac)));
            lines.push(format!("install-status = {INSTALL_STATUS}"));
        }
        lines.extend(opts.extra.iter().cloned());
        inst.write_provider_section(&lines)?;
        inst.write_openssl_cnf(opts.fips_default)?;
        Ok(inst)
    }

    /// Writes `<prefix>/ssl/ferrofips.cnf` with the given section body.
    pub fn write_provider_section(&self, lines: &[String]) -> Result<(), HarnessError> {
        let mut text = format!("[{SECTION}]\n");
        for l in lines {
            text.push_str(l);
            text.push('\n');
        }
        fs::write(self.ferrofips_cnf(), text)?;
        Ok(())
    }

    fn write_openssl_cnf(&self, fips_default: bool) -> Result<(), HarnessError> {
        write_openssl_cnf(&self.openssl_cnf(), &self.ferrofips_cnf(), fips_default)
    }
    /// The temporary prefix.
    pub fn prefix(&self) -> &Path {
        self.dir.path()
    }

    /// The built module this installation copied.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// `<prefix>/lib/ossl-modules/ferrofips.so`.
    pub fn module(&self) -> &Path {
        &self.module
    }

    /// `<prefix>/lib/ossl-modules`.
    pub fn modules_dir(&self) -> PathBuf {
        self.prefix().join("lib").join("ossl-modules")
    }

    /// `<prefix>/ssl/ferrofips.cnf`.
    pub fn ferrofips_cnf(&self) -> PathBuf {
        self.prefix().join("ssl").join("ferrofips.cnf")
    }

    /// `<prefix>/ssl/openssl.cnf`.
    pub fn openssl_cnf(&self) -> PathBuf {
        self.prefix().join("ssl").join("openssl.cnf")
    }

    /// The MAC of the module as copied (before any tampering).
    pub fn mac(&self) -> [u8; 32] {
        self.mac
    }

    /// A library context with `openssl.cnf` loaded (ferrofips + base active, `fips=yes` by default). Fails if
    /// the configuration does not load or ferrofips did not activate (see [`load_into`]).
    pub fn libctx(&self) -> Result<LibCtx, ErrorStack> {
        let ctx = LibCtx::new()?;
        load_into(&ctx, &self.openssl_cnf())?;
        Ok(ctx)
    }

    /// Loads the configuration with ferrofips *not* activated by it (its section minus `activate`), then
    /// activates it with `OSSL_PROVIDER_load`. libcrypto 3.0's config loader discards a provider's init errors;
    /// this path shows them on the error queue. Returns the context, its self-test log and the load result.
    pub fn load_explicitly(
        &self,
        corrupt: Option<Corruption>,
    ) -> Result<(LibCtx, SelfTestLog, Result<(), ErrorStack>), HarnessError> {
        let section = fs::read_to_string(self.ferrofips_cnf())?;
        let section: String =
            section.lines().filter(|l| !l.trim_start().starts_with("activate")).map(|l| format!("{l}\n")).collect();
        let ssl = self.prefix().join("ssl");
        let (sect_file, cnf) = (ssl.join("ferrofips-explicit.cnf"), ssl.join("openssl-explicit.cnf"));
        fs::write(&sect_file, section)?;
        write_openssl_cnf(&cnf, &sect_file, true)?;
        let mut ctx = LibCtx::new().map_err(|e| HarnessError::new(e.to_string()))?;
        let log = ctx.record_self_tests(corrupt);
        ctx.load_config(&cnf).map_err(|e| HarnessError::new(format!("loading {}: {e}", cnf.display())))?;
        if ctx.provider_available(PROVIDER_NAME) {
            return Err(HarnessError::new("ferrofips was activated by a section without `activate`"));
        }
        let loaded = ctx.retain_provider(PROVIDER_NAME);
        Ok((ctx, log, loaded))
    }

    /// Like [`Installation::libctx`] but with a recording self-test callback installed first; returns the
    /// context, its log and the result of [`load_into`] (which fails if a self-test fails).
    pub fn libctx_recording(
        &self,
        corrupt: Option<Corruption>,
    ) -> Result<(LibCtx, SelfTestLog, Result<(), ErrorStack>), ErrorStack> {
        let mut ctx = LibCtx::new()?;
        let log = ctx.record_self_tests(corrupt);
        let loaded = load_into(&ctx, &self.openssl_cnf());
        Ok((ctx, log, loaded))
    }
}

/// Writes an `openssl.cnf` that includes `section_file` and activates ferrofips (as configured there) and base.
fn write_openssl_cnf(path: &Path, section_file: &Path, fips_default: bool) -> Result<(), HarnessError> {
    let props = if fips_default { "default_properties = fips=yes\n" } else { "" };
    let text = format!(
        "config_diagnostics = 1\n\
             openssl_conf = openssl_init\n\
             .include {}\n\
             [openssl_init]\n\
             providers = provider_sect\n\
             alg_section = algorithm_sect\n\
             [provider_sect]\n\
             {PROVIDER_NAME} = {SECTION}\n\
             base = base_sect\n\
             [base_sect]\n\
             activate = 1\n\
             [algorithm_sect]\n\
             {props}",
        section_file.display()
    );
    fs::write(path, text)?;
    Ok(())
}

/// Loads an OpenSSL config into `ctx` and checks that ferrofips is active afterwards. When a provider's init
/// fails during config loading, libcrypto 3.0 leaves it inactive, discards its errors and still returns 1 from
/// `OSSL_LIB_CTX_load_config`; so a load counts as failed if it returned 0 *or* left ferrofips inactive (the
/// error is then whatever the queue held, or a note saying ferrofips is inactive). To see the module's own
/// errors use [`Installation::load_explicitly`].
pub fn load_into(ctx: &LibCtx, cnf: &Path) -> Result<(), ErrorStack> {
    ctx.load_config(cnf)?;
    let leftover = ErrorStack::drain();
    if ctx.provider_available(PROVIDER_NAME) {
        return Ok(());
    }
    if leftover.is_empty() {
        return Err(ErrorStack::synthetic("ferrofips is not active after loading the configuration"));
    }
    Err(leftover)
}
