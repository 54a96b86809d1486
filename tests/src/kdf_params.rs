//! Editable KDF parameter lists and the refusal check the KDF misuse tests share.

use ferrofips_evp::{ErrorStack, Kdf, LibCtx, Params};

use crate::PROPQ;

/// Fetches `name` from the module (the test property query).
pub fn fetch<'a>(ctx: &'a LibCtx, name: &str) -> Result<Kdf<'a>, ErrorStack> {
    Kdf::fetch(ctx, name, Some(PROPQ))
}

/// Asserts that deriving `len` bytes with `p` fails with an error mentioning `needle`.
pub fn refused(kdf: &Kdf<'_>, len: usize, p: &Params, needle: &str) {
    match kdf.derive(len, p) {
        Ok(v) => panic!("{}: accepted ({} bytes), expected a refusal mentioning {needle:?}", kdf.name(), v.len()),
        Err(e) => assert!(e.mentions(needle), "{}: error {e} does not mention {needle:?}", kdf.name()),
    }
}

/// One parameter value of a [`List`].
#[derive(Clone, Copy, Debug)]
pub enum V<'a> {
    /// A UTF-8 string.
    Utf8(&'a str),
    /// An octet string.
    Oct(&'a [u8]),
    /// A C `int`.
    Int(i32),
    /// A 64-bit unsigned integer.
    U64(u64),
}

/// A parameter list that can be edited before it is built (`set` replaces in place, `add` appends, `drop`
/// removes).
#[derive(Clone, Debug)]
pub struct List<'a>(pub Vec<(&'a str, V<'a>)>);

impl<'a> List<'a> {
    /// Sets `key` to `v`, replacing an earlier value in place or appending.
    pub fn set(mut self, key: &'a str, v: V<'a>) -> Self {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(e) => e.1 = v,
            None => self.0.push((key, v)),
        }
        self
    }

    /// Appends `key` = `v` even if `key` is present (repeated parameters).
    pub fn add(mut self, key: &'a str, v: V<'a>) -> Self {
        self.0.push((key, v));
        self
    }

    /// Removes every `key`.
    pub fn drop(mut self, key: &str) -> Self {
        self.0.retain(|(k, _)| *k != key);
        self
    }

    /// The `OSSL_PARAM` array.
    pub fn build(&self) -> Params {
        let mut p = Params::new();
        for (k, v) in &self.0 {
            match *v {
                V::Utf8(s) => p.utf8(k, s),
                V::Oct(b) => p.octets(k, b),
                V::Int(i) => p.int(k, i),
                V::U64(u) => p.uint_wide(k, u128::from(u), 8),
            };
        }
        p
    }
}
