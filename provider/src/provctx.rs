//! One loaded instance of the module: its core upcalls, configuration and power-on.

use std::path::PathBuf;

use ferrofips_selftest::{self as selftest, PowerOnInput, SelfTestError, events::EventSink};

use crate::abi::core::Core;
use crate::error::{ProvError, Reason};
use crate::events::CoreEvents;
use crate::names;

/// The module configuration read from the core (the provider's `openssl.cnf` section and built-ins).
#[derive(Clone, Debug, Default)]
pub(crate) struct ModuleConfig {
    /// The module file the core loaded (`module-filename`).
    pub(crate) module_path: Option<PathBuf>,
    /// `module-mac`, decoded.
    pub(crate) module_mac: Option<Vec<u8>>,
    /// `install-status` and decoded `install-mac`, when both are present.
    pub(crate) install: Option<(String, Vec<u8>)>,
    /// `security-checks` (default on; strict mode forces it on).
    pub(crate) security_checks: bool,
}

impl ModuleConfig {
    /// Reads and validates the configuration. A present but malformed MAC is an error, not "absent".
    fn read(core: &Core) -> Result<Self, ProvError> {
        let keys = [
            names::C_MODULE_FILENAME,
            names::C_MODULE_MAC,
            names::C_INSTALL_MAC,
            names::C_INSTALL_STATUS,
            names::C_SECURITY_CHECKS,
            names::C_CONDITIONAL_ERRORS,
        ];
        let mut v = core.config(&keys).into_iter();
        let mut next = || v.next().flatten();
        let (filename, mac, install_mac, install_status, checks, cond) =
            (next(), next(), next(), next(), next(), next());
        let parse_mac = |key: &str, s: String| {
            selftest::integrity::parse_mac(&s)
                .ok_or_else(|| ProvError::with(Reason::BadConfig, format!("{key} is not a hex MAC")))
        };
        let module_mac = mac.map(|s| parse_mac("module-mac", s)).transpose()?;
        let install = match (install_status, install_mac) {
            (Some(status), Some(m)) => Some((status, parse_mac("install-mac", m)?)),
            (Some(_), None) => {
                return Err(ProvError::with(Reason::MissingConfig, "install-status without install-mac"));
            }
            _ => None,
        };
        let flag = |v: Option<String>, key: &str| match v.as_deref().map(str::trim) {
            None => Ok(true),
            Some("1" | "yes" | "true" | "on") => Ok(true),
            Some("0" | "no" | "false" | "off") => Ok(false),
            Some(_) => Err(ProvError::with(Reason::BadConfig, format!("{key} must be 0 or 1"))),
        };
        // `conditional-errors` is validated now; it takes effect with the first conditional tests (PCTs).
        flag(cond, "conditional-errors")?;
        Ok(Self {
            module_path: filename.map(PathBuf::from),
            module_mac,
            install,
            security_checks: flag(checks, "security-checks")?,
        })
    }
}

/// The provider context handed to libcrypto as `provctx`.
#[derive(Debug)]
pub(crate) struct ProvCtx {
    core: Core,
    config: ModuleConfig,
    strict: bool,
}

impl ProvCtx {
    /// Reads the configuration and runs the power-on self-tests; the module is usable only on `Ok`.
    pub(crate) fn start(core: Core) -> Result<Self, ProvError> {
        if selftest::state::current() == selftest::state::ModuleState::Error {
            return Err(ProvError::new(Reason::NotOperational));
        }
        let strict = selftest::mode::strict();
        let config = match ModuleConfig::read(&core) {
            Ok(c) => c,
            Err(e) => {
                selftest::state::enter_error();
                return Err(e);
            }
        };
        let ctx = Self { core, config, strict };
        ctx.power_on()?;
        Ok(ctx)
    }

    /// Runs (or re-runs, for `OSSL_PROVIDER_self_test`) the power-on tests, reporting to the core's callback.
    pub(crate) fn power_on(&self) -> Result<(), ProvError> {
        let Some(path) = self.config.module_path.as_deref() else {
            selftest::state::enter_error();
            return Err(ProvError::with(Reason::MissingConfig, "the core did not report module-filename"));
        };
        let input = PowerOnInput {
            module_path: path,
            module_mac: self.config.module_mac.as_deref(),
            install: self.config.install.as_ref().map(|(s, m)| (s.as_str(), m.as_slice())),
        };
        let mut sink = CoreEvents::new(self.core.self_test_callback());
        selftest::power_on(&input, &mut sink as &mut dyn EventSink).map_err(self_test_error)
    }

    /// This instance's core.
    pub(crate) fn core(&self) -> &Core {
        &self.core
    }

    /// Whether the module runs in strict (kernel `fips=1`) mode.
    pub(crate) fn strict(&self) -> bool {
        self.strict
    }

    /// Whether security checks are in force (always in strict mode).
    pub(crate) fn security_checks(&self) -> bool {
        self.strict || self.config.security_checks
    }
}

fn self_test_error(e: SelfTestError) -> ProvError {
    match e {
        SelfTestError::MissingConfig(key) => ProvError::with(Reason::MissingConfig, format!("missing {key}")),
        SelfTestError::Io(err) => ProvError::with(Reason::IntegrityFailed, format!("cannot read module file: {err}")),
        SelfTestError::Failed { ty, desc } if ty == selftest::events::ty::MODULE_INTEGRITY => {
            ProvError::with(Reason::IntegrityFailed, format!("{ty} {desc}"))
        }
        SelfTestError::Failed { ty, desc } => ProvError::with(Reason::SelfTestFailed, format!("{ty} {desc}")),
        other => ProvError::with(Reason::SelfTestFailed, format!("{other:?}")),
    }
}
