//! `ferrofips install`: self-test the module, copy it to `<prefix>/lib/ossl-modules/ferrofips.so`, seal it
//! (`module-mac`) in `<prefix>/ssl/ferrofips.cnf` and write `<prefix>/ssl/openssl.cnf` that activates it.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ferrofips_selftest::integrity::format_mac;

use crate::CliError;
use crate::args::{self, Opt};
use crate::events::{CorruptFilter, EventLog, format_event};
use crate::module::{self, INSTALLED_NAME};
use crate::opensslcnf::escape_value;
use crate::selftest::Target;
use crate::version::VERSION;

const OPTS: &[Opt] = &[
    Opt { name: "prefix", value: Some("DIR"), help: "install under DIR (lib/ossl-modules/, ssl/); required" },
    Opt {
        name: "module",
        value: Some("PATH"),
        help: "module to install (default: libferrofips.so next to this program)",
    },
    Opt { name: "no-openssl-cnf", value: None, help: "write only ssl/ferrofips.cnf, not ssl/openssl.cnf" },
];

const ABOUT: &str = "\
Usage: ferrofips install --prefix DIR [--module PATH] [--no-openssl-cnf]

Runs the power-on self-tests over the module (refusing to install a module that fails them), then installs:
  DIR/lib/ossl-modules/ferrofips.so   the module (mode 0755)
  DIR/ssl/ferrofips.cnf               its provider section [ferrofips_sect] with module-mac
  DIR/ssl/openssl.cnf                 loads ferrofips + base, default_properties = fips=yes
Re-running it is harmless: the files are replaced atomically with identical content.
";

/// Section name of the provider's settings (what `fipsinstall -section_name ferrofips_sect` writes).
pub(crate) const SECTION: &str = "ferrofips_sect";

/// Runs `ferrofips install`.
pub(crate) fn run(argv: &[String]) -> Result<ExitCode, CliError> {
    let a = args::parse(argv, OPTS)?;
    if a.help {
        print!("{ABOUT}\n{}", args::help_lines(OPTS));
        return Ok(ExitCode::SUCCESS);
    }
    let prefix = a.value("prefix").ok_or_else(|| CliError::Usage("install needs --prefix DIR".into()))?;
    let source = match a.value("module") {
        Some(m) => PathBuf::from(m),
        None => module::next_to_exe()?,
    };
    if !source.is_file() {
        return Err(CliError::Failed(format!("module {} is not a file", source.display())));
    }
    let failed = |e: String| CliError::Failed(e);
    let mac = module::mac_of(&source).map_err(failed)?;

    // Never install a module that fails its self-tests.
    let target = Target { module: source.clone(), mac: mac.to_vec(), install: None };
    let mut log = EventLog::new(CorruptFilter::default(), false);
    if let Err(e) = target.power_on(&mut log) {
        println!("self-tests over {}:", source.display());
        log.events.iter().for_each(|ev| println!("{}", format_event(ev)));
        return Err(CliError::Failed(format!("self-tests failed ({e}); nothing installed")));
    }
    println!("self-tests passed ({} tests) over {}", log.passed(), source.display());

    let prefix = absolute(Path::new(prefix))?;
    let lib_dir = prefix.join("lib/ossl-modules");
    let ssl_dir = prefix.join("ssl");
    for d in [&lib_dir, &ssl_dir] {
        fs::create_dir_all(d).map_err(|e| failed(format!("cannot create {}: {e}", d.display())))?;
    }
    // Canonical paths, so the configs name the real files.
    let lib_dir = fs::canonicalize(&lib_dir).map_err(|e| failed(format!("{}: {e}", lib_dir.display())))?;
    let ssl_dir = fs::canonicalize(&ssl_dir).map_err(|e| failed(format!("{}: {e}", ssl_dir.display())))?;
    let installed = lib_dir.join(INSTALLED_NAME);
    let module_cnf = ssl_dir.join("ferrofips.cnf");
    let openssl_cnf = ssl_dir.join("openssl.cnf");

    let bytes = fs::read(&source).map_err(|e| failed(format!("cannot read {}: {e}", source.display())))?;
    write_atomic(&installed, &bytes, 0o755).map_err(failed)?;
    // The installed copy must carry exactly the MAC that was tested.
    let installed_mac = module::mac_of(&installed).map_err(failed)?;
    if installed_mac != mac {
        return Err(failed(format!("{} changed while being installed (MAC differs)", installed.display())));
    }
    let mac_text = format_mac(&mac);
    write_atomic(&module_cnf, module_section(&installed, &mac_text)?.as_bytes(), 0o644).map_err(failed)?;
    println!("installed module   {}", installed.display());
    println!("module-mac         {mac_text}");
    println!("wrote              {}", module_cnf.display());
    if a.flag("no-openssl-cnf") {
        println!();
        println!("To use it, add to your openssl.cnf:");
        println!("{}", snippet(&module_cnf)?);
    } else {
        write_atomic(&openssl_cnf, openssl_config(&module_cnf)?.as_bytes(), 0o644).map_err(failed)?;
        println!("wrote              {}", openssl_cnf.display());
        println!();
        println!("To use it:");
        println!("  export OPENSSL_CONF={}", shell_quote(&openssl_cnf));
        println!("  openssl list -providers -verbose");
    }
    Ok(ExitCode::SUCCESS)
}

/// `path` made absolute against the current directory (it need not exist).
fn absolute(path: &Path) -> Result<PathBuf, CliError> {
    std::path::absolute(path).map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))
}

/// Writes `bytes` to a temporary file beside `dest` and renames it over `dest`, so readers (and processes
/// that have the old module mapped) never see a partial file.
fn write_atomic(dest: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))?;
        fs::rename(&tmp, dest)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot write {}: {e}", dest.display())
    })
}

fn path_value(path: &Path) -> Result<String, CliError> {
    let s = path.to_str().ok_or_else(|| CliError::Failed(format!("{} is not valid UTF-8", path.display())))?;
    escape_value(s).map_err(|e| CliError::Failed(format!("cannot write path into a config: {e}")))
}

/// The provider section: what `openssl fipsinstall -provider_name ferrofips -section_name ferrofips_sect`
/// writes, plus an absolute `module =`.
fn module_section(installed: &Path, mac_text: &str) -> Result<String, CliError> {
    Ok(format!(
        "# ferrofips provider configuration, written by `ferrofips install` (ferrofips {VERSION}).\n\
         # module-mac is HMAC-SHA-256 over the module file with OpenSSL's default FIPS install key;\n\
         # the module refuses to load if its bytes do not match it.\n\
         [{SECTION}]\n\
         activate = 1\n\
         module = {module}\n\
         install-version = 1\n\
         conditional-errors = 1\n\
         security-checks = 1\n\
         module-mac = {mac_text}\n",
        module = path_value(installed)?,
    ))
}

/// The `openssl.cnf` that loads only ferrofips and base, with `fips=yes` default properties.
fn openssl_config(module_cnf: &Path) -> Result<String, CliError> {
    Ok(format!(
        "# OpenSSL configuration written by `ferrofips install` (ferrofips {VERSION}):\n\
         # loads the ferrofips provider (approved algorithms) and the base provider (encoders/decoders),\n\
         # and makes fips=yes the default property query. Use it with OPENSSL_CONF=<this file>.\n\
         config_diagnostics = 1\n\
         openssl_conf = openssl_init\n\
         \n\
         .include {include}\n\
         \n\
         [openssl_init]\n\
         providers = provider_sect\n\
         alg_section = algorithm_sect\n\
         \n\
         [provider_sect]\n\
         ferrofips = {SECTION}\n\
         base = base_sect\n\
         \n\
         [base_sect]\n\
         activate = 1\n\
         \n\
         [algorithm_sect]\n\
         default_properties = fips=yes\n",
        include = path_value(module_cnf)?,
    ))
}

/// What to add to an existing `openssl.cnf` (for `--no-openssl-cnf`).
fn snippet(module_cnf: &Path) -> Result<String, CliError> {
    Ok(format!(
        "  # before the first [section] header:\n  config_diagnostics = 1\n  openssl_conf = openssl_init\n\n  \
         # at the end of the file (merge with existing sections of the same names):\n  .include {}\n  \
         [openssl_init]\n  providers = provider_sect\n  alg_section = algorithm_sect\n  [provider_sect]\n  \
         ferrofips = {SECTION}\n  base = base_sect\n  [base_sect]\n  activate = 1\n  [algorithm_sect]\n  \
         default_properties = fips=yes",
        path_value(module_cnf)?
    ))
}

fn shell_quote(path: &Path) -> String {
    let s = path.display().to_string();
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:,".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The configs written are what `check` expects: parse them back.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::opensslcnf::{Config, Environment};
    use crate::provconf;

    #[test]
    fn written_configs_parse_back_to_a_fips_posture() {
        let dir = std::env::temp_dir().join(format!("ferrofips-inst-{}", std::process::id()));
        let ssl = dir.join("odd #$ dir").join("ssl");
        fs::create_dir_all(&ssl).unwrap();
        let module_path = dir.join("odd #$ dir/lib/ossl-modules/ferrofips.so");
        let module_cnf = ssl.join("ferrofips.cnf");
        let mac = format_mac(&[0xab; 32]);
        write_atomic(&module_cnf, module_section(&module_path, &mac).unwrap().as_bytes(), 0o644).unwrap();
        let top = ssl.join("openssl.cnf");
        write_atomic(&top, openssl_config(&module_cnf).unwrap().as_bytes(), 0o644).unwrap();
        let env = Environment { var: &|_| None, cwd: PathBuf::from("/") };
        let config = Config::load_in(&top, &env).unwrap();
        assert_eq!(config.files, vec![top.clone(), module_cnf.clone()]);
        let s = provconf::startup(&config);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert!(s.diagnostics && s.fips_required);
        assert_eq!(s.activated().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["ferrofips", "base"]);
        let f = s.ferrofips().unwrap();
        assert_eq!(f.section, SECTION);
        assert_eq!(f.module_path(None).unwrap(), module_path);
        assert_eq!(f.param("module-mac"), Some(mac.as_str()));
        assert_eq!(fs::metadata(&top).unwrap().permissions().mode() & 0o777, 0o644);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_openssl_cnf_snippet_completes_an_existing_config() {
        let dir = std::env::temp_dir().join(format!("ferrofips-snip-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let module_cnf = dir.join("ferrofips.cnf");
        let mac = format_mac(&[0x01; 32]);
        fs::write(&module_cnf, module_section(&dir.join("ferrofips.so"), &mac).unwrap()).unwrap();
        let text = snippet(&module_cnf).unwrap();
        let (head, tail) = text.split_once("# at the end").unwrap();
        let tail = tail.split_once('\n').unwrap().1;
        let dedent = |t: &str| t.lines().map(str::trim).collect::<Vec<_>>().join("\n");
        // An existing file: a default-section key, then unrelated sections.
        let existing = format!("HOME = .\n{}\n[ ca ]\ndefault_ca = CA_default\n{}\n", dedent(head), dedent(tail));
        let env = Environment { var: &|_| None, cwd: PathBuf::from("/") };
        let s = provconf::startup(&Config::parse_str(&existing, &env).unwrap());
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert!(s.fips_required);
        assert_eq!(s.ferrofips().unwrap().param("module-mac"), Some(mac.as_str()));
        assert!(s.ferrofips().unwrap().activate);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote(Path::new("/a/b.cnf")), "/a/b.cnf");
        assert_eq!(shell_quote(Path::new("/a b/it's")), r"'/a b/it'\''s'");
    }
}
