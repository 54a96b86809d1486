//! `ferrofips selftest`: the power-on self-tests over a module file (or only the CASTs), printing each event.
//! Also the in-process power-on that `install` and `check` run.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ferrofips_selftest::integrity::parse_mac;
use ferrofips_selftest::{PowerOnInput, SelfTestError, power_on, run_casts};

use crate::args::{self, Opt};
use crate::events::{CorruptFilter, EventLog, format_event};
use crate::module::parse_module_mac;
use crate::opensslcnf::Config;
use crate::provconf::{self, ProviderConf};
use crate::{CliError, opensslbin};

const OPTS: &[Opt] = &[
    Opt { name: "module", value: Some("PATH"), help: "module file to test (needs --mac)" },
    Opt { name: "mac", value: Some("HEX"), help: "its expected module-mac (AB:CD:.. or plain hex)" },
    Opt {
        name: "config",
        value: Some("FILE"),
        help: "take module, module-mac (and install-*) from this OpenSSL config",
    },
    Opt { name: "openssl", value: Some("BIN"), help: "openssl command used to find MODULESDIR (default: openssl)" },
    Opt { name: "corrupt-type", value: Some("T"), help: "corrupt the result of tests of type T (e.g. KAT_Digest)" },
    Opt { name: "corrupt-desc", value: Some("D"), help: "corrupt the result of tests described D (e.g. SHA2)" },
];

const ABOUT: &str = "\
Usage: ferrofips selftest [--module PATH --mac HEX | --config FILE] [--corrupt-type T] [--corrupt-desc D]

Runs the module's power-on self-tests in this process: the HMAC KAT, the module integrity test over PATH,
the install integrity test (if the config has install-status/install-mac) and every algorithm self-test
(CAST). Without a module only the CASTs run. Each event is printed as TYPE DESC PASS|FAIL. The corrupt
options work like `openssl fipsinstall -corrupt_type/-corrupt_desc` (both given: both must match).
Exit status: 0 all passed, 1 a test failed, 2 usage error.
";

/// What a power-on runs over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// The module file.
    pub(crate) module: PathBuf,
    /// Its expected MAC (32 bytes).
    pub(crate) mac: Vec<u8>,
    /// (`install-status`, `install-mac`), when configured.
    pub(crate) install: Option<(String, Vec<u8>)>,
}

impl Target {
    /// Builds the target of a configured provider: its module file and MACs.
    pub(crate) fn from_provider(p: &ProviderConf, modules_dir: Option<&Path>) -> Result<Target, String> {
        let module = p.module_path(modules_dir).ok_or_else(|| {
            format!("cannot tell where provider {} is loaded from (no module = and no MODULESDIR)", p.name)
        })?;
        let mac_text = p.param("module-mac").ok_or_else(|| format!("section [{}] has no module-mac", p.section))?;
        let mac =
            parse_module_mac(mac_text).ok_or_else(|| format!("module-mac {mac_text:?} is not a 32-byte hex MAC"))?;
        let install = match (p.param("install-status"), p.param("install-mac")) {
            (None, None) => None,
            (Some(status), Some(m)) => {
                let m = parse_mac(m).ok_or_else(|| format!("install-mac {m:?} is not hex"))?;
                Some((status.to_string(), m))
            }
            (Some(_), None) => return Err(format!("section [{}] has install-status but no install-mac", p.section)),
            (None, Some(_)) => return Err(format!("section [{}] has install-mac but no install-status", p.section)),
        };
        Ok(Target { module, mac, install })
    }

    /// Runs the power-on self-tests over this target, recording events in `log`.
    pub(crate) fn power_on(&self, log: &mut EventLog) -> Result<(), SelfTestError> {
        let input = PowerOnInput {
            module_path: &self.module,
            module_mac: Some(&self.mac),
            install: self.install.as_ref().map(|(s, m)| (s.as_str(), m.as_slice())),
        };
        power_on(&input, log)
    }
}

/// Where OpenSSL looks for modules: `OPENSSL_MODULES`, else `openssl version -m`.
pub(crate) fn modules_dir(openssl: &OsString) -> Option<PathBuf> {
    match std::env::var_os("OPENSSL_MODULES") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => opensslbin::version_dir(openssl, "-m").ok(),
    }
}

/// The ferrofips provider configured in `config_path`, as a power-on target.
fn target_from_config(config_path: &Path, openssl: &OsString) -> Result<Target, CliError> {
    let config = Config::load(config_path).map_err(|e| CliError::Failed(e.to_string()))?;
    let startup = provconf::startup(&config);
    let p = startup
        .ferrofips()
        .ok_or_else(|| CliError::Failed(format!("{} configures no ferrofips provider", config_path.display())))?;
    let dir = if p.module.as_deref().is_some_and(|m| Path::new(m).is_absolute()) { None } else { modules_dir(openssl) };
    Target::from_provider(p, dir.as_deref()).map_err(CliError::Failed)
}

/// Runs `ferrofips selftest`.
pub(crate) fn run(argv: &[String]) -> Result<ExitCode, CliError> {
    let a = args::parse(argv, OPTS)?;
    if a.help {
        print!("{ABOUT}\n{}", args::help_lines(OPTS));
        return Ok(ExitCode::SUCCESS);
    }
    let openssl = OsString::from(a.value("openssl").unwrap_or("openssl"));
    let target = match (a.value("module"), a.value("mac"), a.value("config")) {
        (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
            return Err(CliError::Usage("give either --module/--mac or --config, not both".into()));
        }
        (Some(m), Some(mac), None) => {
            let mac = parse_module_mac(mac)
                .ok_or_else(|| CliError::Usage(format!("--mac {mac:?} is not a 32-byte hex MAC")))?;
            Some(Target { module: PathBuf::from(m), mac, install: None })
        }
        (Some(_), None, None) => return Err(CliError::Usage("--module needs --mac HEX".into())),
        (None, Some(_), None) => return Err(CliError::Usage("--mac needs --module PATH".into())),
        (None, None, Some(c)) => Some(target_from_config(Path::new(c), &openssl)?),
        (None, None, None) => None,
    };
    let filter = CorruptFilter {
        ty: a.value("corrupt-type").map(str::to_string),
        desc: a.value("corrupt-desc").map(str::to_string),
    };
    match &target {
        Some(t) => println!("ferrofips selftest: power-on self-tests over {}", t.module.display()),
        None => println!("ferrofips selftest: algorithm self-tests (CASTs) only; no module given"),
    }
    if filter.active() {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "*".into());
        println!("corrupting: type={} desc={}", show(&filter.ty), show(&filter.desc));
    }
    let mut log = EventLog::new(filter, true);
    let result = match &target {
        Some(t) => t.power_on(&mut log),
        None => run_casts(&mut log),
    };
    let total = log.events.len();
    match result {
        Ok(()) if log.failures().next().is_none() => {
            println!("PASSED: {total} self-tests passed; module state: {:?}", ferrofips_selftest::state::current());
            Ok(ExitCode::SUCCESS)
        }
        Ok(()) => {
            // A failing event without an error result would be a self-test bug: report it as a failure.
            println!("FAILED: self-tests reported success but events failed:");
            log.failures().for_each(|e| println!("{}", format_event(e)));
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            println!(
                "FAILED: {e} ({} of {total} self-tests passed); module state: {:?}",
                log.passed(),
                ferrofips_selftest::state::current()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
