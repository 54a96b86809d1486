//! A small command-line option parser: `--flag`, `--name value` and `--name=value`, no positionals.

use std::collections::HashMap;

use crate::CliError;

/// One accepted option.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Opt {
    /// Long name without the dashes.
    pub(crate) name: &'static str,
    /// Placeholder for the value, or None for a flag.
    pub(crate) value: Option<&'static str>,
    /// One-line help.
    pub(crate) help: &'static str,
}

/// Parsed options.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    values: HashMap<&'static str, String>,
    flags: Vec<&'static str>,
    /// `-h`/`--help` was given.
    pub(crate) help: bool,
}

impl Parsed {
    /// The value of option `name`.
    pub(crate) fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Whether flag `name` was given.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }
}

/// Parses `args` against `spec`. Unknown options, positionals, missing values and repeats are usage errors.
pub(crate) fn parse(args: &[String], spec: &[Opt]) -> Result<Parsed, CliError> {
    let mut out = Parsed::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            out.help = true;
            continue;
        }
        let Some(body) = arg.strip_prefix("--") else {
            return Err(CliError::Usage(format!("unexpected argument {arg:?}")));
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let Some(opt) = spec.iter().find(|o| o.name == name) else {
            return Err(CliError::Usage(format!("unknown option --{name}")));
        };
        if out.values.contains_key(opt.name) || out.flags.contains(&opt.name) {
            return Err(CliError::Usage(format!("--{name} given more than once")));
        }
        match opt.value {
            None if inline.is_some() => {
                return Err(CliError::Usage(format!("--{name} takes no value")));
            }
            None => out.flags.push(opt.name),
            Some(placeholder) => {
                let value = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| CliError::Usage(format!("--{name} needs a value ({placeholder})")))?,
                };
                if value.is_empty() {
                    return Err(CliError::Usage(format!("--{name} needs a non-empty value")));
                }
                out.values.insert(opt.name, value);
            }
        }
    }
    Ok(out)
}

/// The option list of a help text.
pub(crate) fn help_lines(spec: &[Opt]) -> String {
    let mut s = String::from("Options:\n");
    for o in spec {
        let left = match o.value {
            Some(v) => format!("--{} {v}", o.name),
            None => format!("--{}", o.name),
        };
        s.push_str(&format!("  {left:<24} {}\n", o.help));
    }
    s.push_str(&format!("  {:<24} {}\n", "-h, --help", "show this help"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[Opt] =
        &[Opt { name: "prefix", value: Some("DIR"), help: "" }, Opt { name: "json", value: None, help: "" }];

    fn p(args: &[&str]) -> Result<Parsed, CliError> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>(), SPEC)
    }

    #[test]
    fn values_and_flags() {
        let a = p(&["--prefix", "/x", "--json"]).unwrap();
        assert_eq!(a.value("prefix"), Some("/x"));
        assert!(a.flag("json"));
        assert!(!a.help);
        let a = p(&["--prefix=/y=z"]).unwrap();
        assert_eq!(a.value("prefix"), Some("/y=z"));
        assert!(!a.flag("json"));
        assert!(p(&["-h"]).unwrap().help);
    }

    #[test]
    fn usage_errors() {
        for bad in [&["--nope"][..], &["pos"], &["--prefix"], &["--prefix="], &["--json=1"], &["--json", "--json"]] {
            assert!(matches!(p(bad), Err(CliError::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn help_lists_options() {
        let h = help_lines(SPEC);
        assert!(h.contains("--prefix DIR") && h.contains("--json") && h.contains("--help"));
    }
}
