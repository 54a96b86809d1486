//! `ferrofips check`: is this system's OpenSSL set up for FIPS operation with ferrofips?
//!
//! Looks at the kernel FIPS flag, the OpenSSL configuration in effect (following includes), whether it
//! activates ferrofips with `fips=yes` default properties, the module's integrity against `module-mac`, the
//! power-on self-tests over that module (in this process), and what the real `openssl` command loads.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::CliError;
use crate::args::{self, Opt};
use crate::events::{CorruptFilter, EventLog, format_event};
use crate::module::{self, Integrity};
use crate::opensslbin::{self, Listed};
use crate::opensslcnf::Config;
use crate::provconf::{self, StartupConf};
use crate::selftest::{Target, modules_dir};
use crate::version::{GIT_REV, VERSION};

const OPTS: &[Opt] = &[
    Opt { name: "json", value: None, help: "print a JSON report (stable keys) instead of text" },
    Opt {
        name: "config",
        value: Some("FILE"),
        help: "check this OpenSSL config (default: OPENSSL_CONF, else OPENSSLDIR/openssl.cnf)",
    },
    Opt { name: "openssl", value: Some("BIN"), help: "openssl command to ask and cross-check with (default: openssl)" },
];

const ABOUT: &str = "\
Usage: ferrofips check [--json] [--config FILE] [--openssl BIN]

Reports the kernel FIPS mode, the OpenSSL config in effect and whether it activates ferrofips with
default_properties requiring fips=yes, the module's integrity (module-mac), the power-on self-tests over
the module, and what `openssl list -providers -verbose` loads with that config.
Exit status: 0 consistent FIPS posture, 1 anything else (including kernel FIPS mode without a ferrofips
config), 2 usage error.
";

/// Where the configuration came from.
#[derive(Debug, Default)]
struct ConfigReport {
    path: Option<PathBuf>,
    source: Option<&'static str>,
    config: Option<Config>,
    error: Option<String>,
    startup: StartupConf,
}

#[derive(Debug)]
struct SelftestReport {
    error: Option<String>,
    log: EventLog,
}

#[derive(Debug, Default)]
struct OpensslReport {
    ran: bool,
    code: Option<i32>,
    error: Option<String>,
    providers: Vec<Listed>,
    ferrofips: Option<Listed>,
}

#[derive(Debug, Default)]
struct Report {
    kernel_fips: Option<bool>,
    strict: bool,
    config: ConfigReport,
    module_path: Option<PathBuf>,
    integrity: Option<Integrity>,
    selftest: Option<SelftestReport>,
    openssl: OpensslReport,
    openssl_cmd: String,
    problems: Vec<String>,
    warnings: Vec<String>,
}

/// Runs `ferrofips check`.
pub(crate) fn run(argv: &[String]) -> Result<ExitCode, CliError> {
    let a = args::parse(argv, OPTS)?;
    if a.help {
        print!("{ABOUT}\n{}", args::help_lines(OPTS));
        return Ok(ExitCode::SUCCESS);
    }
    let openssl = OsString::from(a.value("openssl").unwrap_or("openssl"));
    let report = gather(a.value("config").map(PathBuf::from), &openssl);
    if a.flag("json") {
        let text = serde_json::to_string_pretty(&to_json(&report))
            .map_err(|e| CliError::Failed(format!("cannot encode the report: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", human(&report));
    }
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn locate_config(explicit: Option<PathBuf>, openssl: &OsString, r: &mut Report) {
    if let Some(p) = explicit {
        r.config.path = Some(p);
        r.config.source = Some("--config");
        return;
    }
    if let Some(p) = std::env::var_os("OPENSSL_CONF").filter(|p| !p.is_empty()) {
        r.config.path = Some(PathBuf::from(p));
        r.config.source = Some("OPENSSL_CONF");
        return;
    }
    match opensslbin::version_dir(openssl, "-d") {
        Ok(dir) => {
            r.config.path = Some(dir.join("openssl.cnf"));
            r.config.source = Some("OPENSSLDIR");
        }
        Err(e) => r.problems.push(format!("cannot tell which OpenSSL config is in effect: {e}")),
    }
}

fn gather(explicit: Option<PathBuf>, openssl: &OsString) -> Report {
    let mut r = Report {
        kernel_fips: ferrofips_selftest::mode::kernel_fips_enabled(),
        strict: ferrofips_selftest::mode::strict(),
        openssl_cmd: openssl.to_string_lossy().into_owned(),
        ..Report::default()
    };
    locate_config(explicit, openssl, &mut r);
    if let Some(path) = r.config.path.clone() {
        check_config(&path, &mut r);
        check_module(openssl, &mut r);
        check_openssl(&path, openssl, &mut r);
    }
    if r.kernel_fips == Some(true) && !r.problems.is_empty() {
        r.problems
            .insert(0, "the kernel is in FIPS mode but OpenSSL is not set up for FIPS operation with ferrofips".into());
    }
    r
}

fn check_config(path: &Path, r: &mut Report) {
    let config = match Config::load(path) {
        Ok(c) => c,
        Err(e) => {
            r.problems.push(format!("the OpenSSL config does not load: {e}"));
            r.config.error = Some(e.to_string());
            return;
        }
    };
    let startup = provconf::startup(&config);
    r.problems.extend(startup.errors.iter().map(|e| format!("config error: {e}")));
    for m in &config.missing_includes {
        r.warnings.push(format!("included file {} does not exist (OpenSSL skips it)", m.display()));
    }
    match startup.ferrofips() {
        Some(p) if p.activate => {}
        Some(p) => {
            r.problems.push(format!("the ferrofips provider (section [{}]) is configured but not activated", p.section))
        }
        None => r.problems.push("the OpenSSL config does not load the ferrofips provider".into()),
    }
    if !startup.fips_required {
        let props = startup.default_properties.as_deref().unwrap_or("(none)");
        r.problems.push(format!("default properties do not require fips=yes (default_properties = {props})"));
    }
    for p in startup.activated().filter(|p| !p.is_ferrofips() && p.name != "base") {
        r.warnings
            .push(format!("provider {} is also activated (only fips=yes algorithms are used by default)", p.name));
    }
    r.config.startup = startup;
    r.config.config = Some(config);
}

fn check_module(openssl: &OsString, r: &mut Report) {
    let Some(p) = r.config.startup.ferrofips().cloned() else { return };
    let needs_dir = !p.module.as_deref().is_some_and(|m| Path::new(m).is_absolute());
    let dir = if needs_dir { modules_dir(openssl) } else { None };
    let Some(path) = p.module_path(dir.as_deref()) else {
        r.problems.push("cannot tell where the ferrofips module is loaded from (no module = and no MODULESDIR)".into());
        return;
    };
    let integrity = module::verify(&path, p.param("module-mac"));
    if !integrity.ok() {
        r.problems.push(format!("module integrity: {}", integrity.describe()));
    }
    r.module_path = Some(path);
    r.integrity = Some(integrity);
    match Target::from_provider(&p, dir.as_deref()) {
        Ok(target) => {
            let mut log = EventLog::new(CorruptFilter::default(), false);
            let error = target.power_on(&mut log).err().map(|e| e.to_string());
            if let Some(e) = &error {
                r.problems.push(format!("power-on self-tests failed: {e}"));
            }
            r.selftest = Some(SelftestReport { error, log });
        }
        Err(e) => r.problems.push(format!("power-on self-tests not run: {e}")),
    }
}

fn check_openssl(config: &Path, openssl: &OsString, r: &mut Report) {
    if !config.exists() {
        return;
    }
    let listing = match opensslbin::list_providers(openssl, config) {
        Ok(l) => l,
        Err(e) => {
            r.warnings.push(format!("cross-check with the openssl command skipped: {e}"));
            r.openssl.error = Some(e);
            return;
        }
    };
    r.openssl.ran = true;
    r.openssl.code = listing.code;
    let wanted = r.config.startup.ferrofips().map(|p| p.name.clone()).unwrap_or_else(|| provconf::PROVIDER_NAME.into());
    r.openssl.ferrofips = listing.providers.iter().find(|l| l.id == wanted).cloned();
    r.openssl.providers = listing.providers;
    if listing.code != Some(0) {
        let first = listing.stderr.lines().take(4).collect::<Vec<_>>().join(" | ");
        r.problems.push(format!("`openssl list -providers` fails with this config: {first}"));
        r.openssl.error = Some(listing.stderr);
        return;
    }
    if !r.config.startup.ferrofips().is_some_and(|p| p.activate) {
        return; // Already reported: the config does not activate ferrofips.
    }
    match &r.openssl.ferrofips {
        None => r.problems.push("openssl does not list the ferrofips provider with this config".into()),
        Some(l) if l.status.as_deref() != Some("active") => {
            r.problems.push(format!("openssl lists ferrofips with status {}", l.status.as_deref().unwrap_or("(none)")))
        }
        Some(_) => {}
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn human(r: &Report) -> String {
    let mut s = format!("ferrofips check (ferrofips {VERSION}, git {GIT_REV})\n");
    let kernel = match r.kernel_fips {
        Some(true) => "enabled (/proc/sys/crypto/fips_enabled = 1)",
        Some(false) => "disabled (/proc/sys/crypto/fips_enabled = 0)",
        None => "not available (no /proc/sys/crypto/fips_enabled: kernel without FIPS support)",
    };
    s.push_str(&format!("  kernel FIPS mode      : {kernel}\n"));
    s.push_str(&format!("  ferrofips strict mode : {}\n", yes_no(r.strict)));
    let c = &r.config;
    match (&c.path, c.source) {
        (Some(p), Some(src)) => s.push_str(&format!("  OpenSSL config        : {} (from {src})\n", p.display())),
        _ => s.push_str("  OpenSSL config        : unknown\n"),
    }
    if let Some(cfg) = &c.config {
        let files: Vec<String> = cfg.files.iter().map(|f| f.display().to_string()).collect();
        s.push_str(&format!("    files read          : {}\n", files.join(", ")));
        let st = &c.startup;
        let active: Vec<&str> = st.activated().map(|p| p.name.as_str()).collect();
        let active = if active.is_empty() { "(none: OpenSSL falls back to default)".into() } else { active.join(", ") };
        s.push_str(&format!("    providers activated : {active}\n"));
        if let Some(f) = st.ferrofips() {
            s.push_str(&format!("    ferrofips section   : [{}] activate = {}\n", f.section, yes_no(f.activate)));
        }
        let props = st.default_properties.as_deref().unwrap_or("(none)");
        s.push_str(&format!("    default_properties  : {props} (fips=yes required: {})\n", yes_no(st.fips_required)));
    }
    if let Some(p) = &r.module_path {
        s.push_str(&format!("  module                : {}\n", p.display()));
    }
    if let Some(i) = &r.integrity {
        s.push_str(&format!("    integrity           : {} ({})\n", i.word().to_uppercase(), i.describe()));
    }
    if let Some(t) = &r.selftest {
        match &t.error {
            None => {
                s.push_str(&format!("  self-tests            : PASS ({} tests, in-process power-on)\n", t.log.passed()))
            }
            Some(e) => {
                s.push_str(&format!("  self-tests            : FAIL ({e})\n"));
                t.log.failures().for_each(|ev| s.push_str(&format!("  {}\n", format_event(ev))));
            }
        }
    }
    let o = &r.openssl;
    if o.ran {
        let line = match &o.ferrofips {
            Some(l) => format!(
                "ferrofips {} (version {})",
                l.status.as_deref().unwrap_or("status unknown"),
                l.version.as_deref().unwrap_or("?")
            ),
            None => format!("ferrofips not loaded (exit code {})", o.code.map_or("none".into(), |c| c.to_string())),
        };
        s.push_str(&format!("  openssl cross-check   : {line}, per `{} list -providers`\n", r.openssl_cmd));
        if let Some(info) = o.ferrofips.as_ref().and_then(|l| l.buildinfo.as_deref()) {
            s.push_str(&format!("    build info          : {info}\n"));
        }
        let ids: Vec<&str> = o.providers.iter().map(|l| l.id.as_str()).collect();
        s.push_str(&format!(
            "    providers loaded    : {}\n",
            if ids.is_empty() { "(none)".into() } else { ids.join(", ") }
        ));
    }
    for w in &r.warnings {
        s.push_str(&format!("warning: {w}\n"));
    }
    if r.problems.is_empty() {
        s.push_str("RESULT: consistent FIPS posture (ferrofips loaded, fips=yes, integrity OK, self-tests passed)\n");
    } else {
        s.push_str("RESULT: NOT a consistent FIPS posture:\n");
        r.problems.iter().for_each(|p| s.push_str(&format!("  - {p}\n")));
    }
    s
}

fn path_json(p: Option<&Path>) -> Value {
    p.map_or(Value::Null, |p| Value::String(p.display().to_string()))
}

fn listed_json(l: &Listed) -> Value {
    json!({ "id": l.id, "name": l.name, "version": l.version, "status": l.status, "buildinfo": l.buildinfo })
}

fn to_json(r: &Report) -> Value {
    let c = &r.config;
    let st = &c.startup;
    let ferro = st.ferrofips();
    let files: Vec<Value> = c.config.iter().flat_map(|cfg| cfg.files.iter()).map(|f| path_json(Some(f))).collect();
    let missing: Vec<Value> =
        c.config.iter().flat_map(|cfg| cfg.missing_includes.iter()).map(|f| path_json(Some(f))).collect();
    json!({
        "ferrofips_version": VERSION,
        "git_rev": GIT_REV,
        "consistent": r.problems.is_empty(),
        "problems": r.problems,
        "warnings": r.warnings,
        "kernel": { "fips_enabled": r.kernel_fips, "strict_mode": r.strict },
        "config": {
            "path": path_json(c.path.as_deref()),
            "source": c.source,
            "loaded": c.config.is_some(),
            "error": c.error,
            "files": files,
            "missing_includes": missing,
            "init_section": st.init_section,
            "diagnostics": st.diagnostics,
            "activated_providers": st.activated().map(|p| p.name.clone()).collect::<Vec<_>>(),
            "ferrofips_section": ferro.map(|p| p.section.clone()),
            "ferrofips_active": ferro.is_some_and(|p| p.activate),
            "default_properties": st.default_properties,
            "fips_required": st.fips_required,
        },
        "module": {
            "path": path_json(r.module_path.as_deref()),
            "integrity": r.integrity.as_ref().map_or("not-checked", Integrity::word),
            "detail": r.integrity.as_ref().map(Integrity::describe),
            "mac": match &r.integrity { Some(Integrity::Ok { mac }) => Some(mac.clone()), _ => None },
        },
        "selftest": {
            "ran": r.selftest.is_some(),
            "passed": r.selftest.as_ref().is_some_and(|t| t.error.is_none()),
            "error": r.selftest.as_ref().and_then(|t| t.error.clone()),
            "passed_count": r.selftest.as_ref().map_or(0, |t| t.log.passed()),
            "events": r.selftest.as_ref().map_or(Value::Array(Vec::new()), |t| t.log.to_json()),
        },
        "openssl": {
            "command": r.openssl_cmd,
            "ran": r.openssl.ran,
            "exit_code": r.openssl.code,
            "error": r.openssl.error,
            "providers": r.openssl.providers.iter().map(listed_json).collect::<Vec<_>>(),
            "ferrofips": r.openssl.ferrofips.as_ref().map(listed_json),
        },
    })
}
