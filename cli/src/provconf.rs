//! What a parsed OpenSSL configuration asks libcrypto to do at start-up, as far as providers and default
//! properties go: `openssl_conf` -> init section -> `providers` (`crypto/provider_conf.c`) and `alg_section`
//! (`crypto/evp/evp_cnf.c`).

use std::path::{Path, PathBuf};

use crate::opensslcnf::Config;

/// The provider name ferrofips registers under.
pub(crate) const PROVIDER_NAME: &str = "ferrofips";

/// One entry of the `providers` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProviderConf {
    /// Provider name (the key with any `prefix.` removed, or `identity`).
    pub(crate) name: String,
    /// The section holding its settings.
    pub(crate) section: String,
    /// `activate` parsed as OpenSSL does.
    pub(crate) activate: bool,
    /// `module` as written, if any.
    pub(crate) module: Option<String>,
    /// Every key of the section (with any `prefix.` removed), in order.
    pub(crate) params: Vec<(String, String)>,
}

impl ProviderConf {
    /// A setting of the provider's section.
    pub(crate) fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Whether this entry loads ferrofips: by name, or by a module file named `ferrofips.so`.
    pub(crate) fn is_ferrofips(&self) -> bool {
        if self.name == PROVIDER_NAME {
            return true;
        }
        let file = self.module.as_deref().and_then(|m| Path::new(m).file_name()).and_then(|f| f.to_str());
        matches!(file, Some("ferrofips.so" | "libferrofips.so"))
    }

    /// The file OpenSSL will `dlopen`: `module` (relative ones merged with `search_dir`), else
    /// `<search_dir>/<name>.so`.
    pub(crate) fn module_path(&self, search_dir: Option<&Path>) -> Option<PathBuf> {
        match &self.module {
            Some(m) if Path::new(m).is_absolute() => Some(PathBuf::from(m)),
            Some(m) => search_dir.map(|d| d.join(m)),
            None => search_dir.map(|d| d.join(format!("{}.so", self.name))),
        }
    }
}

/// The start-up configuration found in a config file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StartupConf {
    /// Value of `openssl_conf` in the default section.
    pub(crate) init_section: Option<String>,
    /// Providers configured, in order.
    pub(crate) providers: Vec<ProviderConf>,
    /// The last `default_properties` of the `alg_section`.
    pub(crate) default_properties: Option<String>,
    /// Whether the default properties end up requiring `fips=yes` (after `default_properties` and the
    /// deprecated `fips_mode`, in file order).
    pub(crate) fips_required: bool,
    /// `config_diagnostics` in the default section is true (errors are then fatal for applications).
    pub(crate) diagnostics: bool,
    /// Errors libcrypto would raise while applying this configuration.
    pub(crate) errors: Vec<String>,
}

impl StartupConf {
    /// Providers activated at start-up.
    pub(crate) fn activated(&self) -> impl Iterator<Item = &ProviderConf> {
        self.providers.iter().filter(|p| p.activate)
    }

    /// The activated ferrofips entry, else a configured but inactive one.
    pub(crate) fn ferrofips(&self) -> Option<&ProviderConf> {
        self.activated().find(|p| p.is_ferrofips()).or_else(|| self.providers.iter().find(|p| p.is_ferrofips()))
    }
}

/// Evaluates the start-up configuration of `config`.
pub(crate) fn startup(config: &Config) -> StartupConf {
    let mut out = StartupConf {
        diagnostics: config
            .default_value("config_diagnostics")
            .is_some_and(|v| v.trim().parse::<i64>().is_ok_and(|n| n != 0)),
        ..StartupConf::default()
    };
    let Some(init) = config.default_value("openssl_conf") else {
        return out;
    };
    out.init_section = Some(init.to_string());
    let Some(init_sect) = config.section(init) else {
        out.errors.push(format!("openssl_conf references missing section [{init}]"));
        return out;
    };
    for (module, value) in &init_sect.entries {
        // Module names may carry a `.suffix` (conf_mod.c).
        let module = module.split('.').next().unwrap_or_default();
        match module {
            "providers" => providers(config, value, &mut out),
            "alg_section" => alg_section(config, value, &mut out),
            _ => {}
        }
    }
    out
}

fn skip_dot(name: &str) -> &str {
    name.split_once('.').map_or(name, |(_, rest)| rest)
}

/// `provider_conf_parse_bool_setting` (OpenSSL 3.2+; 3.0 treats any `activate` value as true).
fn provider_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "yes" | "YES" | "true" | "TRUE" | "on" | "ON" => Some(true),
        "0" | "no" | "NO" | "false" | "FALSE" | "off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `X509V3_get_value_bool`.
fn x509v3_bool(v: &str) -> Option<bool> {
    match v {
        "TRUE" | "true" | "Y" | "y" | "YES" | "yes" => Some(true),
        "FALSE" | "false" | "N" | "n" | "NO" | "no" => Some(false),
        _ => None,
    }
}

fn providers(config: &Config, section: &str, out: &mut StartupConf) {
    let Some(list) = config.section(section) else {
        out.errors.push(format!("providers section [{section}] not found"));
        return;
    };
    for (key, sect_name) in &list.entries {
        let Some(sect) = config.section(sect_name) else {
            out.errors.push(format!("provider {}: section [{sect_name}] not found", skip_dot(key)));
            continue;
        };
        let mut p = ProviderConf {
            name: skip_dot(key).to_string(),
            section: sect_name.clone(),
            activate: false,
            module: None,
            params: Vec::new(),
        };
        for (k, v) in &sect.entries {
            let k = skip_dot(k);
            match k {
                "identity" => p.name = v.clone(),
                "module" => p.module = Some(v.clone()),
                "activate" => match provider_bool(v) {
                    Some(b) => p.activate = b,
                    None => out.errors.push(format!("provider {}: activate = {v:?} is not a boolean", p.name)),
                },
                "soft_load" if provider_bool(v).is_none() => {
                    out.errors.push(format!("provider {}: soft_load = {v:?} is not a boolean", p.name));
                }
                _ => {}
            }
            p.params.push((k.to_string(), v.clone()));
        }
        if p.activate && out.activated().any(|q| q.name == p.name) {
            continue; // prov_already_activated
        }
        out.providers.push(p);
    }
}

fn alg_section(config: &Config, section: &str, out: &mut StartupConf) {
    let Some(sect) = config.section(section) else {
        out.errors.push(format!("alg_section [{section}] not found"));
        return;
    };
    for (k, v) in &sect.entries {
        match k.as_str() {
            "default_properties" => {
                out.default_properties = Some(v.clone());
                out.fips_required = requires_fips(v);
            }
            "fips_mode" => match x509v3_bool(v) {
                Some(b) => out.fips_required = b,
                None => out.errors.push(format!("fips_mode = {v:?} is not a boolean")),
            },
            other => out.errors.push(format!("unknown option {other} in alg_section [{section}]")),
        }
    }
}

/// Whether an OpenSSL property query makes `fips=yes` mandatory (`fips=yes`, `fips = "yes"` or just
/// `fips`; not the optional `?fips=yes`, nor `-fips`/`fips!=yes`). The last clause for `fips` wins.
pub(crate) fn requires_fips(query: &str) -> bool {
    let mut required = false;
    for clause in query.split(',') {
        let clause = clause.trim();
        let (name, value) = match clause.split_once("!=") {
            Some((n, _)) => (n, None),
            None => match clause.split_once('=') {
                Some((n, v)) => (n, Some(v.trim().trim_matches(['"', '\'']).to_ascii_lowercase())),
                None => (clause, Some("yes".to_string())),
            },
        };
        let name = name.trim();
        let plain = name.trim_start_matches(['?', '-']).trim();
        if !plain.eq_ignore_ascii_case("fips") {
            continue;
        }
        required = !name.starts_with(['?', '-']) && value.as_deref() == Some("yes");
    }
    required
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opensslcnf::Environment;

    fn conf(text: &str) -> StartupConf {
        let env = Environment { var: &|_| None, cwd: PathBuf::from("/") };
        startup(&Config::parse_str(text, &env).unwrap())
    }

    const GOOD: &str = "config_diagnostics = 1\nopenssl_conf = init\n[init]\nproviders = ps\nalg_section = as\n\
        [ps]\nferrofips = fs\nbase = bs\n[fs]\nactivate = 1\nmodule = /p/ferrofips.so\nmodule-mac = AB:CD\n\
        [bs]\nactivate = yes\n[as]\ndefault_properties = fips=yes\n";

    #[test]
    fn full_ferrofips_config() {
        let s = conf(GOOD);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert!(s.diagnostics);
        assert_eq!(s.activated().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["ferrofips", "base"]);
        let f = s.ferrofips().unwrap();
        assert!(f.activate);
        assert_eq!(f.param("module-mac"), Some("AB:CD"));
        assert_eq!(f.module_path(None), Some(PathBuf::from("/p/ferrofips.so")));
        assert!(s.fips_required);
    }

    #[test]
    fn no_openssl_conf_means_nothing_configured() {
        let s = conf("[x]\na = b\n");
        assert_eq!(s, StartupConf::default());
    }

    #[test]
    fn missing_sections_are_errors() {
        assert!(!conf("openssl_conf = nope\n").errors.is_empty());
        assert!(!conf("openssl_conf = i\n[i]\nproviders = nope\n").errors.is_empty());
        assert!(!conf("openssl_conf = i\n[i]\nproviders = p\n[p]\nferrofips = nope\n").errors.is_empty());
        assert!(!conf("openssl_conf = i\n[i]\nalg_section = a\n[a]\nbogus = 1\n").errors.is_empty());
    }

    #[test]
    fn inactive_or_bad_activate() {
        let s = conf("openssl_conf = i\n[i]\nproviders = p\n[p]\nferrofips = f\n[f]\nactivate = 0\n");
        assert!(s.activated().next().is_none());
        assert!(!s.ferrofips().unwrap().activate);
        let s = conf("openssl_conf = i\n[i]\nproviders = p\n[p]\nferrofips = f\n[f]\nactivate = maybe\n");
        assert_eq!(s.errors.len(), 1);
    }

    #[test]
    fn identity_dotted_names_and_module_lookup() {
        let s =
            conf("openssl_conf = i\n[i]\nproviders.x = p\n[p]\nn.fips = f\n[f]\nactivate = 1\nmodule = ferrofips.so\n");
        let f = s.ferrofips().unwrap();
        assert_eq!(f.name, "fips");
        assert_eq!(f.module_path(Some(Path::new("/m"))), Some(PathBuf::from("/m/ferrofips.so")));
        let s = conf("openssl_conf = i\n[i]\nproviders = p\n[p]\nx = f\n[f]\nidentity = ferrofips\nactivate = on\n");
        let f = s.ferrofips().unwrap();
        assert_eq!(f.module_path(Some(Path::new("/m"))), Some(PathBuf::from("/m/ferrofips.so")));
        assert_eq!(f.module_path(None), None);
    }

    #[test]
    fn fips_mode_and_property_order() {
        let s = conf("openssl_conf = i\n[i]\nalg_section = a\n[a]\ndefault_properties = ?fips=yes\nfips_mode = yes\n");
        assert!(s.fips_required);
        let s = conf("openssl_conf = i\n[i]\nalg_section = a\n[a]\nfips_mode = yes\ndefault_properties = x=1\n");
        assert!(!s.fips_required);
    }

    #[test]
    fn property_queries() {
        for yes in ["fips=yes", "fips", " fips = yes ", "provider=ferrofips,fips=yes", "FIPS=YES", "fips=\"yes\""] {
            assert!(requires_fips(yes), "{yes}");
        }
        for no in ["", "?fips=yes", "-fips", "fips=no", "fips!=yes", "provider=default", "fips=yes,fips=no", "nofips"] {
            assert!(!requires_fips(no), "{no}");
        }
    }
}
