//! The digests the provider offers, under OpenSSL's names (`providers/implementations/include/prov/names.h`).

/// One digest: OpenSSL's primary name, NIST name, every alias the contract lists, sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DigestInfo {
    /// OpenSSL's primary name, e.g. "SHA2-256".
    pub name: &'static str,
    /// The NIST name (equal to `ferrofips_crypto`/`ferrofips_kat` names), e.g. "SHA-256".
    pub nist: &'static str,
    /// All names OpenSSL registers for it (primary, aliases, OID).
    pub aliases: &'static [&'static str],
    /// Default output size in bytes ("size").
    pub size: usize,
    /// Block size in bytes ("blocksize").
    pub block: usize,
    /// XOF?
    pub xof: bool,
    /// The self-test description ("SHA1", "SHA2", "SHA3") of its CAST.
    pub cast_desc: &'static str,
}

const fn d(
    name: &'static str,
    nist: &'static str,
    aliases: &'static [&'static str],
    size: usize,
    block: usize,
    xof: bool,
    cast_desc: &'static str,
) -> DigestInfo {
    DigestInfo { name, nist, aliases, size, block, xof, cast_desc }
}

/// Every digest the contract requires.
pub const DIGESTS: [DigestInfo; 13] = [
    d("SHA1", "SHA-1", &["SHA1", "SHA-1", "SSL3-SHA1", "1.3.14.3.2.26"], 20, 64, false, "SHA1"),
    d("SHA2-224", "SHA-224", &["SHA2-224", "SHA-224", "SHA224", "2.16.840.1.101.3.4.2.4"], 28, 64, false, "SHA2"),
    d("SHA2-256", "SHA-256", &["SHA2-256", "SHA-256", "SHA256", "2.16.840.1.101.3.4.2.1"], 32, 64, false, "SHA2"),
    d("SHA2-384", "SHA-384", &["SHA2-384", "SHA-384", "SHA384", "2.16.840.1.101.3.4.2.2"], 48, 128, false, "SHA2"),
    d("SHA2-512", "SHA-512", &["SHA2-512", "SHA-512", "SHA512", "2.16.840.1.101.3.4.2.3"], 64, 128, false, "SHA2"),
    d(
        "SHA2-512/224",
        "SHA-512/224",
        &["SHA2-512/224", "SHA-512/224", "SHA512-224", "2.16.840.1.101.3.4.2.5"],
        28,
        128,
        false,
        "SHA2",
    ),
    d(
        "SHA2-512/256",
        "SHA-512/256",
        &["SHA2-512/256", "SHA-512/256", "SHA512-256", "2.16.840.1.101.3.4.2.6"],
        32,
        128,
        false,
        "SHA2",
    ),
    d("SHA3-224", "SHA3-224", &["SHA3-224", "2.16.840.1.101.3.4.2.7"], 28, 144, false, "SHA3"),
    d("SHA3-256", "SHA3-256", &["SHA3-256", "2.16.840.1.101.3.4.2.8"], 32, 136, false, "SHA3"),
    d("SHA3-384", "SHA3-384", &["SHA3-384", "2.16.840.1.101.3.4.2.9"], 48, 104, false, "SHA3"),
    d("SHA3-512", "SHA3-512", &["SHA3-512", "2.16.840.1.101.3.4.2.10"], 64, 72, false, "SHA3"),
    d("SHAKE-128", "SHAKE-128", &["SHAKE-128", "SHAKE128", "2.16.840.1.101.3.4.2.11"], 16, 168, true, "SHA3"),
    d("SHAKE-256", "SHAKE-256", &["SHAKE-256", "SHAKE256", "2.16.840.1.101.3.4.2.12"], 32, 136, true, "SHA3"),
];

/// The entry whose NIST name is `nist`.
pub fn by_nist(nist: &str) -> Option<&'static DigestInfo> {
    DIGESTS.iter().find(|d| d.nist == nist)
}

/// The digests HMAC is offered with (every non-XOF digest).
pub fn hmac_digests() -> impl Iterator<Item = &'static DigestInfo> {
    DIGESTS.iter().filter(|d| !d.xof)
}
