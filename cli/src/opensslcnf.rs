//! A reader for OpenSSL's configuration file syntax, following `crypto/conf/conf_def.c` (NCONF, the
//! "OpenSSL default" method) closely enough to see what `openssl.cnf` tells libcrypto:
//!
//! * `[ section ]` headers (keys before the first header go to the `default` section);
//! * `key = value` lines, `section::key = value`, later duplicates replace earlier ones;
//! * `#` comments, `'`/`"`/`` ` `` quotes, `\` escapes and `\` line continuation;
//! * `$var`, `${var}`, `$(var)`, `$section::var` and `$ENV::NAME` expansion (a variable that has no value
//!   is an error, as in OpenSSL);
//! * `.include path` (files, or directories of `*.cnf`/`*.conf`; relative paths are resolved against
//!   `OPENSSL_CONF_INCLUDE`, else the `includedir` pragma, else the current directory; a missing include is
//!   skipped, as OpenSSL does, and recorded in [`Config::missing_includes`]);
//! * `.pragma dollarid:on|off`, `abspath:on|off`, `includedir:DIR`.
//!
//! One deliberate difference: files of an included directory are read in name order (OpenSSL uses the
//! `readdir` order).

use std::fmt;
use std::path::{Path, PathBuf};

/// Nesting limit for `.include` (OpenSSL has none and loops forever on a self-include).
const MAX_INCLUDE_DEPTH: usize = 16;
/// OpenSSL's `MAX_CONF_VALUE_LENGTH`: longest value after variable expansion.
const MAX_VALUE_LEN: usize = 65536;

/// One `[section]` with its entries in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Section {
    /// Section name as written (after variable expansion).
    pub(crate) name: String,
    /// `(key, value)` pairs in order; a repeated key replaces the earlier entry and moves to the end.
    pub(crate) entries: Vec<(String, String)>,
}

impl Section {
    /// The value of `key` in this section.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// A parsed configuration (top file plus everything it includes).
#[derive(Clone, Debug, Default)]
pub(crate) struct Config {
    sections: Vec<Section>,
    /// Files read, in order (the top file first).
    pub(crate) files: Vec<PathBuf>,
    /// `.include` targets that did not exist (OpenSSL skips them silently).
    pub(crate) missing_includes: Vec<PathBuf>,
}

/// Where a parse failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfError {
    /// File being read (None for in-memory text).
    pub(crate) file: Option<PathBuf>,
    /// 1-based line number (of the last physical line of a continued line).
    pub(crate) line: usize,
    /// What went wrong.
    pub(crate) msg: String,
}

impl fmt::Display for ConfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(p) if self.line > 0 => write!(f, "{}:{}: {}", p.display(), self.line, self.msg),
            Some(p) => write!(f, "{}: {}", p.display(), self.msg),
            None => write!(f, "line {}: {}", self.line, self.msg),
        }
    }
}

impl std::error::Error for ConfError {}

/// The process environment a load sees: environment variables (`$ENV::X`, `OPENSSL_CONF_INCLUDE`) and the
/// directory relative includes are resolved against.
pub(crate) struct Environment<'a> {
    /// Looks up an environment variable.
    pub(crate) var: &'a dyn Fn(&str) -> Option<String>,
    /// The current directory.
    pub(crate) cwd: PathBuf,
}

impl Environment<'static> {
    /// The real process environment.
    pub(crate) fn process() -> Environment<'static> {
        Environment {
            var: &|name| std::env::var(name).ok(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
        }
    }
}

impl Config {
    /// Reads `path` and everything it includes, with the process environment.
    pub(crate) fn load(path: &Path) -> Result<Config, ConfError> {
        Config::load_in(path, &Environment::process())
    }

    /// Reads `path` and everything it includes, with the given environment.
    pub(crate) fn load_in(path: &Path, env: &Environment<'_>) -> Result<Config, ConfError> {
        let mut parser = Parser::new(env);
        let bytes = std::fs::read(path).map_err(|e| ConfError {
            file: Some(path.to_path_buf()),
            line: 0,
            msg: format!("cannot read: {e}"),
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        parser.config.files.push(path.to_path_buf());
        parser.parse_file(bytes, Some(path), 0)?;
        Ok(parser.config)
    }

    /// Parses in-memory text (includes are resolved against `env`).
    #[cfg(test)]
    pub(crate) fn parse_str(text: &str, env: &Environment<'_>) -> Result<Config, ConfError> {
        let mut parser = Parser::new(env);
        let bytes = text.as_bytes();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        parser.parse_file(bytes, None, 0)?;
        Ok(parser.config)
    }

    /// The section called `name`.
    pub(crate) fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// All sections, `default` first.
    #[cfg(test)]
    pub(crate) fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// A key of the `default` section (what `NCONF_get_string(conf, NULL, key)` returns).
    pub(crate) fn default_value(&self, key: &str) -> Option<&str> {
        self.section("default").and_then(|s| s.get(key))
    }
}

struct Parser<'e> {
    config: Config,
    current: usize,
    dollarid: bool,
    abspath: bool,
    includedir: Option<String>,
    in_dir_include: bool,
    env: &'e Environment<'e>,
}

/// A logical line being processed, for error reporting.
struct Here<'a> {
    file: Option<&'a Path>,
    line: usize,
}

impl Here<'_> {
    fn err(&self, msg: impl Into<String>) -> ConfError {
        ConfError { file: self.file.map(Path::to_path_buf), line: self.line, msg: msg.into() }
    }
}

impl<'e> Parser<'e> {
    fn new(env: &'e Environment<'e>) -> Parser<'e> {
        let config =
            Config { sections: vec![Section { name: "default".into(), entries: Vec::new() }], ..Config::default() };
        Parser { config, current: 0, dollarid: false, abspath: false, includedir: None, in_dir_include: false, env }
    }

    fn parse_file(&mut self, bytes: &[u8], file: Option<&Path>, depth: usize) -> Result<(), ConfError> {
        let mut logical: Vec<u8> = Vec::new();
        let mut lineno = 0;
        let mut physical = bytes.split(|&b| b == b'\n').peekable();
        while let Some(raw) = physical.next() {
            // `split` yields a final empty piece after a trailing newline: that is not a line.
            if raw.is_empty() && physical.peek().is_none() {
                if !logical.is_empty() {
                    let line = std::mem::take(&mut logical);
                    self.parse_line(line, &Here { file, line: lineno }, depth)?;
                }
                break;
            }
            lineno += 1;
            // C strings end at NUL; trailing CR/LF are stripped.
            let raw = raw.split(|&b| b == 0).next().unwrap_or(&[]);
            let mut end = raw.len();
            while end > 0 && matches!(raw[end - 1], b'\r' | b'\n') {
                end -= 1;
            }
            logical.extend_from_slice(&raw[..end]);
            // Continuation: a final backslash that is not itself escaped.
            let n = logical.len();
            if n >= 1 && logical[n - 1] == b'\\' && (n == 1 || logical[n - 2] != b'\\') {
                logical.pop();
                if physical.peek().is_some() {
                    continue;
                }
            }
            let line = std::mem::take(&mut logical);
            self.parse_line(line, &Here { file, line: lineno }, depth)?;
        }
        Ok(())
    }

    fn parse_line(&mut self, mut buf: Vec<u8>, here: &Here<'_>, depth: usize) -> Result<(), ConfError> {
        clear_comments(&mut buf);
        let s = eat_ws(&buf, 0);
        if s >= buf.len() {
            return Ok(());
        }
        if buf[s] == b'[' {
            return self.section_header(&buf, s + 1, here);
        }
        // Key, optionally `section::key`.
        let mut pname = s;
        let mut end = eat_alpha_numeric(&buf, s, self.dollarid);
        let mut psection: Option<Vec<u8>> = None;
        if buf.get(end) == Some(&b':') && buf.get(end + 1) == Some(&b':') {
            psection = Some(buf[pname..end].to_vec());
            pname = end + 2;
            end = eat_alpha_numeric(&buf, pname, self.dollarid);
        }
        let p = eat_ws(&buf, end);
        let name = &buf[pname..end];
        let next = buf.get(p).copied();
        if let Some(rest) = name.strip_prefix(b".pragma")
            && (!rest.is_empty() || p != end || next == Some(b'='))
        {
            return self.pragma(&buf[p..], here);
        }
        if let Some(rest) = name.strip_prefix(b".include")
            && (!rest.is_empty() || p != end || next == Some(b'='))
        {
            let section = self.section_for(psection.as_deref());
            return self.include(&buf[p..], &section, here, depth);
        }
        if next != Some(b'=') {
            let shown = String::from_utf8_lossy(&buf[p..]);
            return Err(here.err(format!("missing equal sign: HERE-->{shown}")));
        }
        let key = String::from_utf8_lossy(name).into_owned();
        let start = eat_ws(&buf, p + 1);
        let raw = trim_ws(&buf[start..]);
        let section = self.section_for(psection.as_deref());
        let value = self.expand(raw, Some(&section), here)?;
        let idx = self.section_index_or_create(&section);
        let entries = &mut self.config.sections[idx].entries;
        entries.retain(|(k, _)| *k != key);
        entries.push((key, value));
        Ok(())
    }

    fn section_for(&self, explicit: Option<&[u8]>) -> String {
        match explicit {
            Some(s) => String::from_utf8_lossy(s).into_owned(),
            None => self.config.sections[self.current].name.clone(),
        }
    }

    fn section_header(&mut self, buf: &[u8], after_bracket: usize, here: &Here<'_>) -> Result<(), ConfError> {
        let start = eat_ws(buf, after_bracket);
        let mut ss = start;
        let end = loop {
            let end = eat_alpha_numeric(buf, ss, self.dollarid);
            let p = eat_ws(buf, end);
            match buf.get(p) {
                Some(b']') => break end,
                Some(_) if ss != p => ss = p,
                _ => return Err(here.err("missing close square bracket")),
            }
        };
        let name = self.expand(&buf[start..end], None, here)?;
        self.current = self.section_index_or_create(&name);
        Ok(())
    }

    fn section_index_or_create(&mut self, name: &str) -> usize {
        if let Some(i) = self.config.sections.iter().position(|s| s.name == name) {
            return i;
        }
        self.config.sections.push(Section { name: name.to_string(), entries: Vec::new() });
        self.config.sections.len() - 1
    }

    fn pragma(&mut self, rest: &[u8], here: &Here<'_>) -> Result<(), ConfError> {
        let mut p = rest;
        if p.first() == Some(&b'=') {
            p = &p[eat_ws(p, 1)..];
        }
        let p = trim_ws(p);
        let colon = p.iter().position(|&b| b == b':');
        let Some(colon) = colon.filter(|&c| c > 0 && c + 1 < p.len()) else {
            return Err(here.err("invalid pragma"));
        };
        let keyword = trim_ws(&p[..colon]);
        let value = &p[eat_ws(p, colon + 1)..];
        let boolean = || -> Result<bool, ConfError> {
            let v = String::from_utf8_lossy(value).to_ascii_lowercase();
            match v.as_str() {
                "on" | "true" => Ok(true),
                "off" | "false" => Ok(false),
                _ => Err(here.err("invalid pragma")),
            }
        };
        match keyword {
            b"dollarid" => self.dollarid = boolean()?,
            b"abspath" => self.abspath = boolean()?,
            b"includedir" => self.includedir = Some(String::from_utf8_lossy(value).into_owned()),
            _ => {} // OpenSSL ignores unknown pragmas.
        }
        Ok(())
    }

    fn include(&mut self, rest: &[u8], section: &str, here: &Here<'_>, depth: usize) -> Result<(), ConfError> {
        let mut p = rest;
        if p.first() == Some(&b'=') {
            p = &p[eat_ws(p, 1)..];
        }
        let include = self.expand(trim_ws(p), Some(section), here)?;
        let include_dir = (self.env.var)("OPENSSL_CONF_INCLUDE").or_else(|| self.includedir.clone());
        let mut path = PathBuf::from(&include);
        if let Some(dir) = include_dir.filter(|_| !path.is_absolute()) {
            path = Path::new(&dir).join(&include);
        }
        if self.abspath && !path.is_absolute() {
            return Err(here.err(format!("relative path in .include: {}", path.display())));
        }
        if depth + 1 > MAX_INCLUDE_DEPTH {
            return Err(here.err(format!("includes nested more than {MAX_INCLUDE_DEPTH} deep")));
        }
        // Relative paths are relative to the process's current directory, as in OpenSSL.
        let resolved = if path.is_absolute() { path.clone() } else { self.env.cwd.join(&path) };
        let Ok(meta) = std::fs::metadata(&resolved) else {
            self.config.missing_includes.push(path);
            return Ok(());
        };
        if meta.is_dir() {
            if self.in_dir_include {
                return Err(here.err(format!("recursive directory include: {}", path.display())));
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(&resolved)
                .map_err(|e| here.err(format!("cannot read directory {}: {e}", resolved.display())))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|f| is_conf_name(f))
                .collect();
            files.sort();
            self.in_dir_include = true;
            let result = files.iter().try_for_each(|f| self.include_file(f, depth));
            self.in_dir_include = false;
            result
        } else {
            self.include_file(&resolved, depth)
        }
    }

    fn include_file(&mut self, path: &Path, depth: usize) -> Result<(), ConfError> {
        // Errors opening included files are not fatal in OpenSSL.
        let Ok(bytes) = std::fs::read(path) else {
            self.config.missing_includes.push(path.to_path_buf());
            return Ok(());
        };
        self.config.files.push(path.to_path_buf());
        self.parse_file(&bytes, Some(path), depth + 1)
    }

    /// `str_copy`: quotes, escapes and variable expansion. `section` None = look in `default` only.
    fn expand(&self, from: &[u8], section: Option<&str>, here: &Here<'_>) -> Result<String, ConfError> {
        let mut out: Vec<u8> = Vec::with_capacity(from.len());
        let mut i = 0;
        while i < from.len() {
            let c = from[i];
            if is_quote(c) {
                i += 1;
                while i < from.len() && from[i] != c {
                    if from[i] == b'\\' {
                        i += 1;
                        if i >= from.len() {
                            break;
                        }
                    }
                    out.push(from[i]);
                    i += 1;
                }
                if i < from.len() {
                    i += 1; // closing quote
                }
            } else if c == b'\\' {
                let Some(&v) = from.get(i + 1) else { break };
                out.push(match v {
                    b'r' => b'\r',
                    b'n' => b'\n',
                    b'b' => 0x08,
                    b't' => b'\t',
                    other => other,
                });
                i += 2;
            } else if c == b'$' && (!self.dollarid || matches!(from.get(i + 1), Some(b'{' | b'('))) {
                let (value, next) = self.variable(from, i + 1, section, here)?;
                out.extend_from_slice(value.as_bytes());
                if out.len() > MAX_VALUE_LEN {
                    return Err(here.err("variable expansion too long"));
                }
                i = next;
            } else {
                out.push(c);
                i += 1;
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Expands the variable reference starting at `from[s]` (just after `$`); returns its value and the
    /// index after the reference.
    fn variable(
        &self,
        from: &[u8],
        mut s: usize,
        section: Option<&str>,
        here: &Here<'_>,
    ) -> Result<(String, usize), ConfError> {
        let close = match from.get(s) {
            Some(b'{') => Some(b'}'),
            Some(b'(') => Some(b')'),
            _ => None,
        };
        if close.is_some() {
            s += 1;
        }
        let name_char = |b: u8| is_alnum(b) || (self.dollarid && b == b'$');
        let mut e = s;
        while e < from.len() && name_char(from[e]) {
            e += 1;
        }
        let mut sect: Option<String> = section.map(str::to_string);
        let mut np = s;
        if from.get(e) == Some(&b':') && from.get(e + 1) == Some(&b':') {
            sect = Some(String::from_utf8_lossy(&from[s..e]).into_owned());
            e += 2;
            np = e;
            while e < from.len() && name_char(from[e]) {
                e += 1;
            }
        }
        let name = String::from_utf8_lossy(&from[np..e]).into_owned();
        if let Some(q) = close {
            if from.get(e) != Some(&q) {
                return Err(here.err("no close brace in variable reference"));
            }
            e += 1;
        }
        match self.lookup(sect.as_deref(), &name) {
            Some(v) => Ok((v, e)),
            None => {
                let shown = match &sect {
                    Some(s) if Some(s.as_str()) != section => format!("{s}::{name}"),
                    _ => name,
                };
                Err(here.err(format!("variable has no value: {shown}")))
            }
        }
    }

    /// `_CONF_get_string`: the section, then `ENV` from the environment, then `default`.
    fn lookup(&self, section: Option<&str>, name: &str) -> Option<String> {
        let find = |sect: &str| {
            self.config.sections.iter().find(|s| s.name == sect).and_then(|s| s.get(name)).map(str::to_string)
        };
        if let Some(sect) = section {
            if let Some(v) = find(sect) {
                return Some(v);
            }
            if sect == "ENV"
                && let Some(v) = (self.env.var)(name)
            {
                return Some(v);
            }
        }
        find("default")
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'`')
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_alnum_punct(b: u8) -> bool {
    is_alnum(b) || b"!%&*+,-./;?@^|~".contains(&b)
}

fn eat_ws(buf: &[u8], mut i: usize) -> usize {
    while i < buf.len() && is_ws(buf[i]) {
        i += 1;
    }
    i
}

fn trim_ws(buf: &[u8]) -> &[u8] {
    let mut end = buf.len();
    while end > 0 && is_ws(buf[end - 1]) {
        end -= 1;
    }
    &buf[..end]
}

/// Skips key characters (and `\x` escapes); `$` too under `dollarid`.
fn eat_alpha_numeric(buf: &[u8], mut i: usize, dollarid: bool) -> usize {
    while i < buf.len() {
        if buf[i] == b'\\' {
            i = (i + 2).min(buf.len());
        } else if is_alnum_punct(buf[i]) || (dollarid && buf[i] == b'$') {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Cuts the line at the first `#` outside quotes and escapes.
fn clear_comments(buf: &mut Vec<u8>) {
    let mut i = 0;
    while i < buf.len() {
        let c = buf[i];
        if c == b'#' {
            buf.truncate(i);
            return;
        }
        if is_quote(c) {
            i += 1;
            while i < buf.len() && buf[i] != c {
                if buf[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == b'\\' {
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// Names OpenSSL reads from an included directory: `*.cnf` and `*.conf`, any case.
fn is_conf_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    let lower = name.to_ascii_lowercase();
    (lower.len() > 5 && lower.ends_with(".conf")) || (lower.len() > 4 && lower.ends_with(".cnf"))
}

/// Escapes `value` so that it reads back verbatim as a config value (for the files `install` writes).
/// Fails for text that cannot round-trip: control characters and leading/trailing white space.
pub(crate) fn escape_value(value: &str) -> Result<String, String> {
    if value.chars().any(char::is_control) {
        return Err(format!("{value:?} contains control characters"));
    }
    if value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']) {
        return Err(format!("{value:?} starts or ends with white space"));
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '\'' | '`' | '#' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env_with(vars: &[(&str, &str)], cwd: &Path) -> (HashMap<String, String>, PathBuf) {
        (vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), cwd.to_path_buf())
    }

    fn parse(text: &str) -> Result<Config, ConfError> {
        let (vars, cwd) = env_with(&[("HOME", "/home/u")], Path::new("/"));
        let lookup = move |k: &str| vars.get(k).cloned();
        Config::parse_str(text, &Environment { var: &lookup, cwd })
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ferrofips-cnf-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn sections_keys_comments_and_default_section() {
        let c = parse(
            "# top comment\nopenssl_conf = openssl_init\n  config_diagnostics=1 # trailing\n\n[ openssl_init ]\n\
             providers = provider_sect\n[provider_sect]\nferrofips = ferrofips_sect\n",
        )
        .unwrap();
        assert_eq!(c.default_value("openssl_conf"), Some("openssl_init"));
        assert_eq!(c.default_value("config_diagnostics"), Some("1"));
        assert_eq!(c.section("openssl_init").unwrap().get("providers"), Some("provider_sect"));
        assert_eq!(c.section("provider_sect").unwrap().get("ferrofips"), Some("ferrofips_sect"));
        assert_eq!(
            c.sections().iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["default", "openssl_init", "provider_sect"]
        );
    }

    #[test]
    fn duplicate_keys_replace_and_move_to_end() {
        let c = parse("[s]\na = 1\nb = 2\na = 3\n").unwrap();
        let s = c.section("s").unwrap();
        assert_eq!(s.entries, vec![("b".into(), "2".into()), ("a".into(), "3".into())]);
    }

    #[test]
    fn reopened_section_appends() {
        let c = parse("[s]\na = 1\n[t]\nx = y\n[s]\nb = 2\n").unwrap();
        assert_eq!(c.section("s").unwrap().entries.len(), 2);
    }

    #[test]
    fn variables_expand_from_section_default_and_env() {
        let c = parse(
            "dir = /top\nHOMEDIR = $ENV::HOME\n[s]\ndir = /sect\na = $dir/x\nb = ${dir}/y\nc = $(dir)z\n\
             d = $default::dir\n[t]\ne = $s::dir + $dir\nf = ${ENV::HOME}/.rnd\n",
        )
        .unwrap();
        let s = c.section("s").unwrap();
        assert_eq!(s.get("a"), Some("/sect/x"));
        assert_eq!(s.get("b"), Some("/sect/y"));
        assert_eq!(s.get("c"), Some("/sectz"));
        assert_eq!(s.get("d"), Some("/top"));
        let t = c.section("t").unwrap();
        assert_eq!(t.get("e"), Some("/sect + /top"));
        assert_eq!(t.get("f"), Some("/home/u/.rnd"));
        assert_eq!(c.default_value("HOMEDIR"), Some("/home/u"));
    }

    #[test]
    fn undefined_variable_and_unclosed_brace_are_errors() {
        let e = parse("a = 1\n[s]\nb = $nope\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.msg.contains("nope"), "{e}");
        assert!(parse("x = ${a\n").unwrap_err().msg.contains("brace"));
        assert!(parse("x = cost $\n").is_err());
    }

    #[test]
    fn quotes_escapes_and_hash_in_quotes() {
        let c = parse(
            "a = \"x # not a comment\" # comment\nb = 'it''s'\nc = tab\\there\\#x\nd = \\$dir\ne = `q`\n\
             f = \"es\\\"c\"\n",
        )
        .unwrap();
        assert_eq!(c.default_value("a"), Some("x # not a comment"));
        assert_eq!(c.default_value("b"), Some("its"));
        assert_eq!(c.default_value("c"), Some("tab\there#x"));
        assert_eq!(c.default_value("d"), Some("$dir"));
        assert_eq!(c.default_value("e"), Some("q"));
        assert_eq!(c.default_value("f"), Some("es\"c"));
    }

    #[test]
    fn line_continuation_and_crlf() {
        let c = parse("a = one \\\n two\r\nb = x\\\\\nc = y\r\n").unwrap();
        assert_eq!(c.default_value("a"), Some("one  two"));
        assert_eq!(c.default_value("b"), Some("x\\"));
        assert_eq!(c.default_value("c"), Some("y"));
    }

    #[test]
    fn section_qualified_keys() {
        let c = parse("[a]\nother::k = v\nk2 = w\n").unwrap();
        assert_eq!(c.section("other").unwrap().get("k"), Some("v"));
        assert_eq!(c.section("a").unwrap().get("k2"), Some("w"));
    }

    #[test]
    fn syntax_errors_report_line() {
        let e = parse("a = 1\nnot a key value\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.msg.contains("missing equal sign"), "{e}");
        assert!(parse("[unterminated\n").unwrap_err().msg.contains("bracket"));
        assert!(parse(".pragma nonsense\n").unwrap_err().msg.contains("pragma"));
        assert!(parse(".pragma dollarid:maybe\n").is_err());
    }

    #[test]
    fn section_names_with_spaces_but_not_dollars() {
        let c = parse("[ my sect ]\na = 1\n").unwrap();
        assert_eq!(c.section("my sect").unwrap().get("a"), Some("1"));
        // `$` is not a name character: OpenSSL 3.0.19 rejects the whole file (checked with `openssl list`).
        assert!(parse("n = x\n[ pre$n ]\nb = 2\n").is_err());
    }

    #[test]
    fn continuation_on_the_last_line() {
        let c = parse("a = x \\\n").unwrap();
        assert_eq!(c.default_value("a"), Some("x"));
    }

    #[test]
    fn dollarid_pragma_keeps_dollars_in_names_and_values() {
        let c = parse(".pragma dollarid:on\n[s]\nk$1 = a$b\nr = x\nq = ${r}\n").unwrap();
        let s = c.section("s").unwrap();
        assert_eq!(s.get("k$1"), Some("a$b"));
        assert_eq!(s.get("q"), Some("x"));
    }

    #[test]
    fn include_files_directories_and_missing_ones() {
        let dir = temp_dir("inc");
        std::fs::write(dir.join("child.cnf"), "[child]\nk = v\n").unwrap();
        std::fs::create_dir(dir.join("d")).unwrap();
        std::fs::write(dir.join("d/b.conf"), "[db]\nx = 2\n").unwrap();
        std::fs::write(dir.join("d/a.CNF"), "[da]\nx = 1\n").unwrap();
        std::fs::write(dir.join("d/ignored.txt"), "[ignored]\n").unwrap();
        let top = dir.join("top.cnf");
        std::fs::write(
            &top,
            format!(
                "a = 1\n.include {}\n.include = {}/d\n.include {}/missing.cnf\n[after]\nz = $child::k\n",
                dir.join("child.cnf").display(),
                dir.display(),
                dir.display()
            ),
        )
        .unwrap();
        let c = Config::load(&top).unwrap();
        assert_eq!(c.section("child").unwrap().get("k"), Some("v"));
        assert_eq!(c.section("after").unwrap().get("z"), Some("v"));
        assert!(c.section("da").is_some() && c.section("db").is_some());
        assert!(c.section("ignored").is_none());
        assert_eq!(c.files, vec![top.clone(), dir.join("child.cnf"), dir.join("d/a.CNF"), dir.join("d/b.conf")]);
        assert_eq!(c.missing_includes, vec![dir.join("missing.cnf")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn include_keeps_section_of_included_file_and_resolves_relative_paths() {
        let dir = temp_dir("rel");
        std::fs::write(dir.join("inc.cnf"), "[inner]\na = 1\n").unwrap();
        let (vars, _) = env_with(&[], &dir);
        let lookup = move |k: &str| vars.get(k).cloned();
        let env = Environment { var: &lookup, cwd: dir.clone() };
        // Relative to the current directory; keys after the include land in the included file's section.
        let c = Config::parse_str(".include inc.cnf\nb = 2\n", &env).unwrap();
        assert_eq!(c.section("inner").unwrap().get("b"), Some("2"));
        // includedir pragma, and OPENSSL_CONF_INCLUDE taking precedence over it.
        let c = Config::parse_str(&format!(".pragma includedir:{}\n.include inc.cnf\n", dir.display()), &env);
        assert!(c.unwrap().section("inner").is_some());
        let sub = dir.join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("inc.cnf"), "[from_env]\n").unwrap();
        let sub_s = sub.display().to_string();
        let lookup2 = move |k: &str| (k == "OPENSSL_CONF_INCLUDE").then(|| sub_s.clone());
        let env2 = Environment { var: &lookup2, cwd: PathBuf::from("/") };
        let c = Config::parse_str(&format!(".pragma includedir:{}\n.include inc.cnf\n", dir.display()), &env2);
        assert!(c.unwrap().section("from_env").is_some());
        // abspath refuses relative includes.
        assert!(Config::parse_str(".pragma abspath:true\n.include inc.cnf\n", &env).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn self_include_is_bounded() {
        let dir = temp_dir("loop");
        let top = dir.join("loop.cnf");
        std::fs::write(&top, format!(".include {}\n", top.display())).unwrap();
        assert!(Config::load(&top).unwrap_err().msg.contains("nested"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn escape_value_round_trips() {
        for v in ["/plain/path.so", "/with space/x#y$z\\w'q\"b`c", "a::b = c"] {
            let escaped = escape_value(v).unwrap();
            let c = parse(&format!("[s]\nk = {escaped}\n")).unwrap();
            assert_eq!(c.section("s").unwrap().get("k"), Some(v), "{escaped}");
        }
        assert!(escape_value("new\nline").is_err());
        assert!(escape_value(" lead").is_err());
    }

    #[test]
    fn parses_the_system_openssl_cnf_if_present() {
        // Debian's stock file uses $dir, $insta::x and a HOME default; it must parse.
        let path = Path::new("/usr/lib/ssl/openssl.cnf");
        if let Ok(c) = Config::load(path) {
            assert!(c.section("CA_default").is_some());
        } else {
            assert!(!path.exists(), "{} exists but did not parse", path.display());
        }
    }
}
