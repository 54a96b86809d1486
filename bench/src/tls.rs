//! The handshake benchmark's workloads: TLS connections through libssl in memory (`ferrofips_evp::TlsPair`:
//! `SSL_CTX_new_ex` on one library context, a client and a server joined by a BIO pair, both driven from the
//! calling thread), on a library context holding one provider set-up ([`ProviderKind`]).
//!
//! Every scenario uses an ECDSA P-256 certificate (a leaf signed by a P-256 CA, verified by the client with
//! its host name) and P-256 ECDHE; one iteration ([`Workload::step`]) is:
//! * `tls13-full`: a new connection, a full TLS 1.3 handshake with TLS_AES_128_GCM_SHA256 (the server sends
//!   no session tickets), a clean shutdown (close_notify both ways);
//! * `tls13-resumed`: the same, resuming a session from an earlier ticket (psk_dhe_ke: ECDHE, no
//!   certificate, no signature); the server sends one new ticket;
//! * `tls12-full`: a full TLS 1.2 handshake with ECDHE-ECDSA-AES128-GCM-SHA256 and the extended master
//!   secret, no session ticket or cache;
//! * `bulk-16k`: one 16 KiB application-data record from client to server over an established TLS 1.3
//!   connection (TLS_AES_128_GCM_SHA256): sealed by the client, opened by the server.
//!
//! [`tls_measured_loop`] runs `n` iterations; it is never inlined, so the callgrind mode can collect exactly
//! its instructions (`--toggle-collect=*tls_measured_loop*`).

use std::path::{Path, PathBuf};

use ferrofips_evp::{ErrorStack, LibCtx, SslCtx, TlsPair, TlsSession, TlsSide, TlsVersion, system_default};
use ferrofips_tests::Installation;
use ferrofips_tests::tls::{Pki, SERVER_NAME};

use crate::SetupError;

/// The TLS 1.3 cipher suite of the handshake and bulk scenarios.
pub const TLS13_SUITE: &str = "TLS_AES_128_GCM_SHA256";
/// The TLS 1.2 cipher suite.
pub const TLS12_SUITE: &str = "ECDHE-ECDSA-AES128-GCM-SHA256";
/// Bytes per bulk-transfer iteration (one full-size TLS record).
pub const BULK_RECORD: usize = 16 * 1024;

/// One benchmark scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scenario {
    /// Full TLS 1.3 handshake.
    Tls13Full,
    /// Resumed TLS 1.3 handshake (session ticket, psk_dhe_ke).
    Tls13Resumed,
    /// Full TLS 1.2 handshake with EMS.
    Tls12Full,
    /// One 16 KiB record over TLS 1.3.
    Bulk16k,
}

impl Scenario {
    /// Every scenario, in table order.
    pub const ALL: [Scenario; 4] =
        [Scenario::Tls13Full, Scenario::Tls13Resumed, Scenario::Tls12Full, Scenario::Bulk16k];

    /// The scenario's ID in benchmark names and the table.
    pub const fn id(self) -> &'static str {
        match self {
            Scenario::Tls13Full => "tls13-full",
            Scenario::Tls13Resumed => "tls13-resumed",
            Scenario::Tls12Full => "tls12-full",
            Scenario::Bulk16k => "bulk-16k",
        }
    }

    /// The scenario with this ID.
    pub fn from_id(id: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Bytes moved per iteration for throughput scenarios; `None` for handshakes.
    pub const fn bytes_per_iteration(self) -> Option<u64> {
        match self {
            Scenario::Bulk16k => Some(BULK_RECORD as u64),
            _ => None,
        }
    }
}

/// A provider set-up on its own library context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProviderKind {
    /// OpenSSL's `default` provider of the running libcrypto.
    Default,
    /// The sealed ferrofips module + `base`, `default_properties = fips=yes` (the contract's configuration).
    Ferrofips,
    /// OpenSSL's own FIPS provider + `base`, `fips=yes` (OpenSSL 3.5's `openssl-fips.cnf`).
    OpensslFips,
}

impl ProviderKind {
    /// The name in benchmark IDs and the table.
    pub const fn name(self) -> &'static str {
        match self {
            ProviderKind::Default => "default",
            ProviderKind::Ferrofips => "ferrofips",
            ProviderKind::OpensslFips => "fips",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<ProviderKind> {
        [ProviderKind::Default, ProviderKind::Ferrofips, ProviderKind::OpensslFips]
            .into_iter()
            .find(|k| k.name() == name)
    }

    /// A library context with this set-up. `install` is the sealed module (for [`ProviderKind::Ferrofips`]);
    /// `openssl_prefix` the prefix of an OpenSSL built with its FIPS provider (for
    /// [`ProviderKind::OpensslFips`]: `<prefix>/ssl/openssl-fips.cnf`). Checks that the intended provider is
    /// active and, for the FIPS set-ups, that `fips=yes` is the default property query.
    pub fn load(self, install: &Installation, openssl_prefix: Option<&Path>) -> Result<LibCtx, SetupError> {
        let ctx = match self {
            ProviderKind::Default => system_default()?,
            ProviderKind::Ferrofips => install.libctx()?,
            ProviderKind::OpensslFips => {
                let prefix = openssl_prefix.ok_or("OpenSSL's FIPS provider needs an OpenSSL prefix")?;
                let cnf = prefix.join("ssl").join("openssl-fips.cnf");
                let ctx = LibCtx::new()?;
                ctx.load_config(&cnf).map_err(|e| format!("loading {}: {e}", cnf.display()))?;
                ctx
            }
        };
        let want = match self {
            ProviderKind::Default => "default",
            ProviderKind::Ferrofips => "ferrofips",
            ProviderKind::OpensslFips => "fips",
        };
        if !ctx.provider_available(want) {
            return Err(format!("provider {want:?} is not active in the {} context", self.name()).into());
        }
        if self != ProviderKind::Default && !ctx.default_fips() {
            return Err(format!("the {} context does not default to fips=yes", self.name()).into());
        }
        Ok(ctx)
    }
}

/// The PKI files the benchmark uses, in `dir` (made by [`Pki::generate`] with tag [`PKI_TAG`]).
pub fn pki_in(dir: &Path) -> Pki {
    let f = |name: &str| -> PathBuf { dir.join(format!("{PKI_TAG}-{name}")) };
    Pki { ca_cert: f("ca.pem"), ca_key: f("ca.key"), cert: f("leaf.pem"), key: f("leaf.key") }
}

/// The tag of the benchmark's PKI files.
pub const PKI_TAG: &str = "bench";

/// The client and server `SSL_CTX`s of every scenario on one library context.
#[derive(Debug)]
pub struct Endpoints<'a> {
    client13: SslCtx<'a>,
    server13: SslCtx<'a>,
    server13_tickets: SslCtx<'a>,
    client12: SslCtx<'a>,
    server12: SslCtx<'a>,
}

fn client<'a>(ctx: &'a LibCtx, version: TlsVersion, pki: &Pki) -> Result<SslCtx<'a>, ErrorStack> {
    let mut c = SslCtx::new(ctx, TlsSide::Client)?;
    c.set_versions(version, version)?;
    match version {
        TlsVersion::Tls13 => c.set_ciphersuites(TLS13_SUITE)?,
        TlsVersion::Tls12 => c.set_cipher_list(TLS12_SUITE)?,
    }
    c.set_groups("P-256")?;
    c.set_sigalgs("ECDSA+SHA256")?;
    c.verify_peer_with(&pki.ca_cert)?;
    Ok(c)
}

fn server<'a>(ctx: &'a LibCtx, version: TlsVersion, pki: &Pki) -> Result<SslCtx<'a>, ErrorStack> {
    let mut s = SslCtx::new(ctx, TlsSide::Server)?;
    s.set_versions(version, version)?;
    s.set_groups("P-256")?;
    s.use_certificate_and_key(&pki.cert, &pki.key)?;
    Ok(s)
}

impl<'a> Endpoints<'a> {
    /// The contexts of every scenario on `ctx`, with the leaf certificate and key of `pki` on the servers and
    /// its CA trusted by the clients.
    pub fn new(ctx: &'a LibCtx, pki: &Pki) -> Result<Endpoints<'a>, SetupError> {
        let mut server13 = server(ctx, TlsVersion::Tls13, pki)?;
        server13.set_num_tickets(0)?;
        let mut server13_tickets = server(ctx, TlsVersion::Tls13, pki)?;
        server13_tickets.set_num_tickets(1)?;
        let mut server12 = server(ctx, TlsVersion::Tls12, pki)?;
        server12.disable_resumption();
        Ok(Endpoints {
            client13: client(ctx, TlsVersion::Tls13, pki)?,
            server13,
            server13_tickets,
            client12: client(ctx, TlsVersion::Tls12, pki)?,
            server12,
        })
    }
}

/// A scenario ready to run on one set of [`Endpoints`].
#[derive(Debug)]
pub struct Workload<'e> {
    endpoints: &'e Endpoints<'e>,
    scenario: Scenario,
    session: Option<TlsSession<'e>>,
    bulk: Option<(TlsPair<'e>, Vec<u8>, Vec<u8>)>,
}

impl<'e> Workload<'e> {
    /// Prepares `scenario`: for resumption a session from a first full handshake, for bulk transfer an
    /// established connection. Then runs one iteration and checks what it negotiated.
    pub fn new(endpoints: &'e Endpoints<'e>, scenario: Scenario) -> Result<Workload<'e>, SetupError> {
        let mut w = Workload { endpoints, scenario, session: None, bulk: None };
        match scenario {
            Scenario::Tls13Resumed => {
                let mut first = TlsPair::new(&endpoints.client13, &endpoints.server13_tickets, Some(SERVER_NAME))?;
                first.handshake()?;
                first.process_pending(TlsSide::Client)?;
                w.session = Some(first.client_session().ok_or("no session after a TLS 1.3 handshake")?);
                first.shutdown()?;
            }
            Scenario::Bulk16k => {
                let mut pair = TlsPair::new(&endpoints.client13, &endpoints.server13, Some(SERVER_NAME))?;
                pair.handshake()?;
                let data = crate::input(BULK_RECORD);
                w.bulk = Some((pair, data, vec![0u8; BULK_RECORD]));
            }
            Scenario::Tls13Full | Scenario::Tls12Full => {}
        }
        w.check()?;
        Ok(w)
    }

    /// The scenario.
    pub fn scenario(&self) -> Scenario {
        self.scenario
    }

    /// One connection for the handshake scenarios: new `SSL`s, handshake, shutdown.
    fn connect(&self) -> Result<TlsPair<'e>, ErrorStack> {
        let ep = self.endpoints;
        let mut pair = match self.scenario {
            Scenario::Tls12Full => TlsPair::new(&ep.client12, &ep.server12, Some(SERVER_NAME))?,
            Scenario::Tls13Resumed => TlsPair::new(&ep.client13, &ep.server13_tickets, Some(SERVER_NAME))?,
            Scenario::Tls13Full | Scenario::Bulk16k => TlsPair::new(&ep.client13, &ep.server13, Some(SERVER_NAME))?,
        };
        if let Some(session) = &self.session {
            pair.set_session(session)?;
        }
        pair.handshake()?;
        Ok(pair)
    }

    /// One iteration of the scenario.
    pub fn step(&mut self) -> Result<(), ErrorStack> {
        if let Some((pair, data, buf)) = self.bulk.as_mut() {
            pair.transfer(TlsSide::Client, data, buf)?;
            return Ok(());
        }
        let mut pair = self.connect()?;
        // A resumed scenario that silently fell back to full handshakes would measure the wrong thing.
        if self.session.is_some() && !pair.info(TlsSide::Server).resumed {
            return Err(ErrorStack::synthetic("the session was not resumed"));
        }
        pair.shutdown()
    }

    /// Runs one iteration and checks the protocol version, cipher suite, group, resumption, EMS and the
    /// client's certificate verification.
    pub fn check(&mut self) -> Result<(), SetupError> {
        let (version, cipher) = match self.scenario {
            Scenario::Tls12Full => ("TLSv1.2", TLS12_SUITE),
            _ => ("TLSv1.3", TLS13_SUITE),
        };
        let info = match self.bulk.as_mut() {
            Some((pair, data, buf)) => {
                pair.transfer(TlsSide::Client, data, buf)?;
                if buf != data {
                    return Err("bulk transfer: the server read other bytes than the client wrote".into());
                }
                pair.info(TlsSide::Client)
            }
            None => {
                let mut pair = self.connect()?;
                let info = pair.info(TlsSide::Client);
                pair.shutdown()?;
                info
            }
        };
        let resumed = self.scenario == Scenario::Tls13Resumed;
        let ok = info.version == version
            && info.cipher == cipher
            && info.group.as_deref() == Some("prime256v1")
            && info.resumed == resumed
            && info.extended_master_secret == (version == "TLSv1.2")
            && info.verify_result == 0;
        if !ok {
            return Err(format!("{}: unexpected connection parameters {info:?}", self.scenario.id()).into());
        }
        Ok(())
    }
}

/// Runs `n` iterations of `w`. Never inlined: the callgrind mode collects the instructions of exactly this
/// function (and what it calls).
#[inline(never)]
pub fn tls_measured_loop(w: &mut Workload<'_>, n: u64) -> Result<(), ErrorStack> {
    for _ in 0..n {
        w.step()?;
    }
    Ok(())
}
