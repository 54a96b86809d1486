//! TLS key-derivation known answers: ACVP `TLS-v1.3-KDF-RFC8446`, `TLS-v1.2-KDF-RFC7627` (extended master
//! secret) and `kdf-components-tls-1.0` (the TLS 1.0/1.1/1.2 PRF).
//!
//! How the answers are formed (checked against the files by this crate's tests with RustCrypto HMAC):
//!
//! * **TLS 1.3** (RFC 8446 §7.1, transcript messages replaced by the randoms): with `H = hmacAlg`,
//!   `ES = Extract(0, psk)` (psk = `HashLen` zeros in `DHE` mode), `HS = Extract(Derive-Secret(ES, "derived", ""),
//!   dhe)` (dhe = zeros in `PSK` mode), `MS = Extract(Derive-Secret(HS, "derived", ""), 0)`; then
//!   `Derive-Secret(secret, label, msgs) = HKDF-Expand-Label(secret, label, H(msgs), HashLen)` with the label
//!   prefix `"tls13 "`: "c e traffic"/"e exp master" over `helloClientRandom`; "c hs traffic"/"s hs traffic"
//!   over `helloClientRandom || helloServerRandom`; "c ap traffic"/"s ap traffic"/"exp master" over
//!   `... || finishedServerRandom`; "res master" over `... || finishedServerRandom || finishedClientRandom`.
//! * **TLS 1.2 EMS** (RFC 7627): `masterSecret = PRF(preMasterSecret, "extended master secret", sessionHash)`
//!   (48 bytes), `keyBlock = PRF(masterSecret, "key expansion", serverRandom || clientRandom)`.
//! * **kdf-components TLS**: `masterSecret = PRF(preMasterSecret, "master secret", clientHelloRandom ||
//!   serverHelloRandom)`, `keyBlock = PRF(masterSecret, "key expansion", serverRandom || clientRandom)`; the PRF
//!   is TLS 1.2's `P_hash` for `v1.2` groups and MD5 xor SHA-1 for `v1.0/1.1` groups.

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{bits_to_bytes, decode_hex, read_projection};
use crate::alg::HashAlg;
use crate::error::KatError;

/// Maps an ACVP hash name (`"SHA-1"`, `"SHA2-256"`, `"SHA2-512/224"`, `"SHA3-256"`) to a [`HashAlg`].
pub fn acvp_hash(name: &str) -> Option<HashAlg> {
    let nist = match name.strip_prefix("SHA2-") {
        Some(rest) => format!("SHA-{rest}"),
        None => name.to_owned(),
    };
    HashAlg::from_name(&nist)
}

fn hash_of(path: &Path, tg: u64, name: &str) -> Result<HashAlg, KatError> {
    acvp_hash(name).ok_or_else(|| KatError::format(path, format!("tgId {tg}: unknown hash {name:?}")))
}

fn hex(path: &Path, tc: u64, what: &str, s: &str) -> Result<Vec<u8>, KatError> {
    decode_hex(path, &format!("tcId {tc} {what}"), s)
}

/// How a TLS 1.3 test case's key exchange ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls13Mode {
    /// (EC)DHE only: the early secret's input is `HashLen` zeros.
    Dhe,
    /// PSK only: the handshake secret's input is `HashLen` zeros.
    Psk,
    /// PSK with (EC)DHE.
    PskDhe,
}

/// The eight secrets an ACVP TLS 1.3 KDF case expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls13Secrets {
    /// `client_early_traffic_secret`.
    pub client_early_traffic: Vec<u8>,
    /// `early_exporter_master_secret`.
    pub early_exporter_master: Vec<u8>,
    /// `client_handshake_traffic_secret`.
    pub client_handshake_traffic: Vec<u8>,
    /// `server_handshake_traffic_secret`.
    pub server_handshake_traffic: Vec<u8>,
    /// `client_application_traffic_secret_0`.
    pub client_application_traffic: Vec<u8>,
    /// `server_application_traffic_secret_0`.
    pub server_application_traffic: Vec<u8>,
    /// `exporter_master_secret`.
    pub exporter_master: Vec<u8>,
    /// `resumption_master_secret`.
    pub resumption_master: Vec<u8>,
}

/// One ACVP TLS 1.3 KDF case (see the module docs for how the secrets are formed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls13Case {
    /// `tcId`.
    pub tc_id: u64,
    /// The HMAC hash (SHA-256 or SHA-384).
    pub hash: HashAlg,
    /// The running mode.
    pub mode: Tls13Mode,
    /// The PSK (zeros in `Dhe` mode, where it is not used).
    pub psk: Vec<u8>,
    /// The (EC)DHE shared secret (zeros in `Psk` mode, where it is not used).
    pub dhe: Vec<u8>,
    /// Stands in for the ClientHello.
    pub hello_client_random: Vec<u8>,
    /// Stands in for the ServerHello.
    pub hello_server_random: Vec<u8>,
    /// Stands in for the client Finished.
    pub finished_client_random: Vec<u8>,
    /// Stands in for the server Finished.
    pub finished_server_random: Vec<u8>,
    /// The expected secrets.
    pub expected: Tls13Secrets,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tls13Group {
    tg_id: u64,
    test_type: String,
    hmac_alg: String,
    running_mode: String,
    tests: Vec<Tls13Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tls13Test {
    tc_id: u64,
    psk: String,
    dhe: String,
    hello_client_random: String,
    hello_server_random: String,
    finished_client_random: String,
    finished_server_random: String,
    client_early_traffic_secret: String,
    early_exporter_master_secret: String,
    client_handshake_traffic_secret: String,
    server_handshake_traffic_secret: String,
    client_application_traffic_secret: String,
    server_application_traffic_secret: String,
    exporter_master_secret: String,
    resumption_master_secret: String,
}

/// Loads every `TLS-v1.3-KDF-RFC8446` case.
pub fn load_tls13() -> Result<Vec<Tls13Case>, KatError> {
    let (path, set) = read_projection::<Tls13Group>("TLS-v1.3-KDF-RFC8446", "TLS-v1.3")?;
    let mut out = Vec::new();
    for g in &set.test_groups {
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: testType {:?}", g.tg_id, g.test_type)));
        }
        let hash = hash_of(&path, g.tg_id, &g.hmac_alg)?;
        let mode = match g.running_mode.as_str() {
            "DHE" => Tls13Mode::Dhe,
            "PSK" => Tls13Mode::Psk,
            "PSK-DHE" => Tls13Mode::PskDhe,
            m => return Err(KatError::format(&path, format!("tgId {}: runningMode {m:?}", g.tg_id))),
        };
        for t in &g.tests {
            let tc = t.tc_id;
            let h = |what: &str, s: &str| hex(&path, tc, what, s);
            let expected = Tls13Secrets {
                client_early_traffic: h("clientEarlyTrafficSecret", &t.client_early_traffic_secret)?,
                early_exporter_master: h("earlyExporterMasterSecret", &t.early_exporter_master_secret)?,
                client_handshake_traffic: h("clientHandshakeTrafficSecret", &t.client_handshake_traffic_secret)?,
                server_handshake_traffic: h("serverHandshakeTrafficSecret", &t.server_handshake_traffic_secret)?,
                client_application_traffic: h("clientApplicationTrafficSecret", &t.client_application_traffic_secret)?,
                server_application_traffic: h("serverApplicationTrafficSecret", &t.server_application_traffic_secret)?,
                exporter_master: h("exporterMasterSecret", &t.exporter_master_secret)?,
                resumption_master: h("resumptionMasterSecret", &t.resumption_master_secret)?,
            };
            out.push(Tls13Case {
                tc_id: tc,
                hash,
                mode,
                psk: h("psk", &t.psk)?,
                dhe: h("dhe", &t.dhe)?,
                hello_client_random: h("helloClientRandom", &t.hello_client_random)?,
                hello_server_random: h("helloServerRandom", &t.hello_server_random)?,
                finished_client_random: h("finishedClientRandom", &t.finished_client_random)?,
                finished_server_random: h("finishedServerRandom", &t.finished_server_random)?,
                expected,
            });
        }
    }
    Ok(out)
}

/// One TLS PRF case: a master secret, then a key block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsPrfCase {
    /// The ACVP directory, `"TLS-v1.2-KDF-RFC7627"` or `"kdf-components-tls-1.0"`.
    pub source: &'static str,
    /// `tcId`.
    pub tc_id: u64,
    /// The PRF hash.
    pub hash: HashAlg,
    /// The pre-master secret (the first PRF's secret).
    pub pre_master_secret: Vec<u8>,
    /// The first PRF's label: `"extended master secret"` or `"master secret"`.
    pub master_label: &'static str,
    /// The first PRF's seed after the label: the session hash (EMS) or `clientHelloRandom || serverHelloRandom`.
    pub master_seed: Vec<u8>,
    /// The expected 48-byte master secret.
    pub master_secret: Vec<u8>,
    /// The key-block seed after "key expansion": `serverRandom || clientRandom`.
    pub key_block_seed: Vec<u8>,
    /// The expected key block (`keyBlockLength` bits).
    pub key_block: Vec<u8>,
}

/// The key-expansion label.
pub const KEY_EXPANSION_LABEL: &str = "key expansion";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrfGroup {
    tg_id: u64,
    test_type: String,
    hash_alg: String,
    tls_version: String,
    key_block_length: u64,
    tests: Vec<PrfTest>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrfTest {
    tc_id: u64,
    pre_master_secret: String,
    session_hash: Option<String>,
    client_hello_random: Option<String>,
    server_hello_random: Option<String>,
    client_random: String,
    server_random: String,
    master_secret: String,
    key_block: String,
}

fn prf_case(path: &Path, source: &'static str, g: &PrfGroup, t: &PrfTest, ems: bool) -> Result<TlsPrfCase, KatError> {
    let tc = t.tc_id;
    let h = |what: &str, s: &str| hex(path, tc, what, s);
    let missing = |what: &str| KatError::format(path, format!("tcId {tc}: no {what}"));
    let (master_label, master_seed) = if ems {
        ("extended master secret", h("sessionHash", t.session_hash.as_deref().ok_or_else(|| missing("sessionHash"))?)?)
    } else {
        let mut seed =
            h("clientHelloRandom", t.client_hello_random.as_deref().ok_or_else(|| missing("clientHelloRandom"))?)?;
        seed.extend(h(
            "serverHelloRandom",
            t.server_hello_random.as_deref().ok_or_else(|| missing("serverHelloRandom"))?,
        )?);
        ("master secret", seed)
    };
    let mut key_block_seed = h("serverRandom", &t.server_random)?;
    key_block_seed.extend(h("clientRandom", &t.client_random)?);
    let key_block = h("keyBlock", &t.key_block)?;
    let want = bits_to_bytes(path, &format!("tgId {} keyBlockLength", g.tg_id), g.key_block_length)?;
    if key_block.len() != want {
        return Err(KatError::format(path, format!("tcId {tc}: keyBlock is {} bytes, want {want}", key_block.len())));
    }
    Ok(TlsPrfCase {
        source,
        tc_id: tc,
        hash: hash_of(path, g.tg_id, &g.hash_alg)?,
        pre_master_secret: h("preMasterSecret", &t.pre_master_secret)?,
        master_label,
        master_seed,
        master_secret: h("masterSecret", &t.master_secret)?,
        key_block_seed,
        key_block,
    })
}

/// Loads `TLS-v1.2-KDF-RFC7627` (TLS 1.2 PRF with the extended master secret; SHA-256/384/512).
pub fn load_tls12_ems() -> Result<Vec<TlsPrfCase>, KatError> {
    const DIR: &str = "TLS-v1.2-KDF-RFC7627";
    let (path, set) = read_projection::<PrfGroup>(DIR, "TLS-v1.2")?;
    let mut out = Vec::new();
    for g in &set.test_groups {
        if g.test_type != "AFT" || g.tls_version != "v1.2_ems" {
            return Err(KatError::format(&path, format!("tgId {}: unexpected group", g.tg_id)));
        }
        for t in &g.tests {
            out.push(prf_case(&path, DIR, g, t, true)?);
        }
    }
    Ok(out)
}

/// The `kdf-components-tls-1.0` cases: the TLS 1.2 PRF cases, and how many TLS 1.0/1.1 (MD5 xor SHA-1) cases
/// were left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsComponents {
    /// The `v1.2` cases (SHA-256/384/512).
    pub tls12: Vec<TlsPrfCase>,
    /// Number of `v1.0/1.1` cases skipped.
    pub skipped_tls10_11: usize,
}

/// Loads `kdf-components-tls-1.0`.
pub fn load_tls_components() -> Result<TlsComponents, KatError> {
    const DIR: &str = "kdf-components-tls-1.0";
    let (path, set) = read_projection::<PrfGroup>(DIR, "kdf-components")?;
    let mut out = TlsComponents { tls12: Vec::new(), skipped_tls10_11: 0 };
    for g in &set.test_groups {
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: testType {:?}", g.tg_id, g.test_type)));
        }
        match g.tls_version.as_str() {
            "v1.2" => {
                for t in &g.tests {
                    out.tls12.push(prf_case(&path, DIR, g, t, false)?);
                }
            }
            "v1.0/1.1" => out.skipped_tls10_11 += g.tests.len(),
            v => return Err(KatError::format(&path, format!("tgId {}: tlsVersion {v:?}", g.tg_id))),
        }
    }
    Ok(out)
}
