//! libssl in memory: `SSL_CTX`s bound to a [`LibCtx`] (`SSL_CTX_new_ex`), and a client and a server `SSL`
//! joined by a BIO pair ([`TlsPair`]), driven from one thread. For TLS tests and the handshake benchmark.
//!
//! Every object borrows what it was made from (an `SslCtx` its `LibCtx`, a `TlsPair` its two `SslCtx`s), so
//! nothing outlives the library context whose providers implement its algorithms.

use std::ffi::{CStr, c_char, c_int, c_long, c_void};
use std::marker::PhantomData;
use std::path::Path;
use std::ptr::{self, NonNull};

use openssl_sys::{BIO, SSL, SSL_CTX, SSL_SESSION};

use crate::error::ErrorStack;
use crate::libctx::{CtxLife, LibCtx};
use crate::{c_string, ssl_sys};

/// Which end of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsSide {
    /// The client (`TLS_client_method`).
    Client,
    /// The server (`TLS_server_method`).
    Server,
}

/// A TLS protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsVersion {
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl TlsVersion {
    fn raw(self) -> c_int {
        match self {
            TlsVersion::Tls12 => openssl_sys::TLS1_2_VERSION,
            TlsVersion::Tls13 => openssl_sys::TLS1_3_VERSION,
        }
    }
}

/// Maps a libssl "1 = success" return value to a `Result`.
fn check_ssl(ret: c_long) -> Result<(), ErrorStack> {
    if ret == 1 { Ok(()) } else { Err(ErrorStack::drain()) }
}

/// Copies a C string libssl owns (static or held by the object queried).
fn owned(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-null, NUL-terminated string owned by libssl and valid during this call; copied at once.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// An `SSL_CTX` for one side, whose algorithms come from the providers of a [`LibCtx`].
pub struct SslCtx<'a> {
    ptr: NonNull<SSL_CTX>,
    side: TlsSide,
    _ctx: CtxLife<'a>,
}

impl std::fmt::Debug for SslCtx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslCtx").field("side", &self.side).finish()
    }
}

impl<'a> SslCtx<'a> {
    /// `SSL_CTX_new_ex(ctx, NULL, TLS_{client,server}_method())`: every fetch libssl makes for connections of
    /// this context (ciphers, digests, KDFs, key exchange, signatures, the DRBG) goes to `ctx`.
    pub fn new(ctx: &'a LibCtx, side: TlsSide) -> Result<SslCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        let method = match side {
            // SAFETY: no arguments; returns a static method table.
            TlsSide::Client => unsafe { openssl_sys::TLS_client_method() },
            // SAFETY: as above.
            TlsSide::Server => unsafe { openssl_sys::TLS_server_method() },
        };
        // SAFETY: live library context, NULL property query, static method; returns an owned SSL_CTX or NULL.
        let p = unsafe { ssl_sys::SSL_CTX_new_ex(ctx.as_ptr(), ptr::null(), method) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(SslCtx { ptr, side, _ctx: PhantomData })
    }

    /// The side this context makes connections for.
    pub fn side(&self) -> TlsSide {
        self.side
    }

    /// Restricts the protocol versions to `min..=max`.
    pub fn set_versions(&mut self, min: TlsVersion, max: TlsVersion) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live SSL_CTX; plain integer control calls.
        check_ssl(unsafe { openssl_sys::SSL_CTX_set_min_proto_version(self.ptr.as_ptr(), min.raw()) }.into())?;
        // SAFETY: as above.
        check_ssl(unsafe { openssl_sys::SSL_CTX_set_max_proto_version(self.ptr.as_ptr(), max.raw()) }.into())
    }

    /// The TLS 1.3 cipher suites (`SSL_CTX_set_ciphersuites`), e.g. "TLS_AES_128_GCM_SHA256".
    pub fn set_ciphersuites(&mut self, suites: &str) -> Result<(), ErrorStack> {
        let s = c_string(suites);
        ErrorStack::clear();
        // SAFETY: live SSL_CTX and NUL-terminated string (copied by libssl).
        check_ssl(unsafe { openssl_sys::SSL_CTX_set_ciphersuites(self.ptr.as_ptr(), s.as_ptr()) }.into())
    }

    /// The TLS 1.2 cipher list (`SSL_CTX_set_cipher_list`), e.g. "ECDHE-ECDSA-AES128-GCM-SHA256".
    pub fn set_cipher_list(&mut self, list: &str) -> Result<(), ErrorStack> {
        let s = c_string(list);
        ErrorStack::clear();
        // SAFETY: live SSL_CTX and NUL-terminated string (copied by libssl).
        check_ssl(unsafe { openssl_sys::SSL_CTX_set_cipher_list(self.ptr.as_ptr(), s.as_ptr()) }.into())
    }

    /// The key-exchange groups (`SSL_CTX_set1_groups_list`), e.g. "P-256".
    pub fn set_groups(&mut self, groups: &str) -> Result<(), ErrorStack> {
        let s = c_string(groups);
        ErrorStack::clear();
        // SAFETY: live SSL_CTX and NUL-terminated string (copied by libssl).
        check_ssl(unsafe { openssl_sys::SSL_CTX_set1_groups_list(self.ptr.as_ptr(), s.as_ptr()) })
    }

    /// The signature algorithms (`SSL_CTX_set1_sigalgs_list`), e.g. "ECDSA+SHA256".
    pub fn set_sigalgs(&mut self, sigalgs: &str) -> Result<(), ErrorStack> {
        let s = c_string(sigalgs);
        ErrorStack::clear();
        // SAFETY: live SSL_CTX and NUL-terminated string (copied by libssl).
        check_ssl(unsafe { openssl_sys::SSL_CTX_set1_sigalgs_list(self.ptr.as_ptr(), s.as_ptr()) })
    }

    /// Loads the certificate chain (PEM, leaf first) and the matching private key (PEM), and checks that
    /// they match. Both are decoded in this context's library context.
    pub fn use_certificate_and_key(&mut self, chain: &Path, key: &Path) -> Result<(), ErrorStack> {
        let (chain, key) = (c_string(&chain.to_string_lossy()), c_string(&key.to_string_lossy()));
        ErrorStack::clear();
        // SAFETY: live SSL_CTX and NUL-terminated path.
        let r = unsafe { openssl_sys::SSL_CTX_use_certificate_chain_file(self.ptr.as_ptr(), chain.as_ptr()) };
        check_ssl(r.into())?;
        // SAFETY: as above; SSL_FILETYPE_PEM.
        let r = unsafe {
            openssl_sys::SSL_CTX_use_PrivateKey_file(self.ptr.as_ptr(), key.as_ptr(), openssl_sys::SSL_FILETYPE_PEM)
        };
        check_ssl(r.into())?;
        // SAFETY: live SSL_CTX.
        check_ssl(unsafe { openssl_sys::SSL_CTX_check_private_key(self.ptr.as_ptr()) }.into())
    }

    /// Trusts the CA certificates in `ca_file` (PEM) and requires the peer to present a certificate that
    /// verifies against them (`SSL_VERIFY_PEER`, and on a server `SSL_VERIFY_FAIL_IF_NO_PEER_CERT`).
    pub fn verify_peer_with(&mut self, ca_file: &Path) -> Result<(), ErrorStack> {
        let ca = c_string(&ca_file.to_string_lossy());
        ErrorStack::clear();
        // SAFETY: live SSL_CTX, NUL-terminated path, NULL directory.
        let r = unsafe { openssl_sys::SSL_CTX_load_verify_locations(self.ptr.as_ptr(), ca.as_ptr(), ptr::null()) };
        check_ssl(r.into())?;
        let mode = match self.side {
            TlsSide::Client => openssl_sys::SSL_VERIFY_PEER,
            TlsSide::Server => openssl_sys::SSL_VERIFY_PEER | openssl_sys::SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
        };
        // SAFETY: live SSL_CTX; no callback.
        unsafe { openssl_sys::SSL_CTX_set_verify(self.ptr.as_ptr(), mode, None) };
        Ok(())
    }

    /// Server: the number of TLS 1.3 session tickets sent after a handshake (OpenSSL's default is 2; 0 sends
    /// none, so no resumption).
    pub fn set_num_tickets(&mut self, n: usize) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live SSL_CTX.
        check_ssl(unsafe { openssl_sys::SSL_CTX_set_num_tickets(self.ptr.as_ptr(), n) }.into())
    }

    /// Turns session resumption off (`SSL_OP_NO_TICKET` and no session cache): every handshake is full.
    pub fn disable_resumption(&mut self) {
        // SAFETY: live SSL_CTX; a plain option call.
        unsafe { openssl_sys::SSL_CTX_set_options(self.ptr.as_ptr(), openssl_sys::SSL_OP_NO_TICKET) };
        // SAFETY: live SSL_CTX; a plain control call.
        unsafe { openssl_sys::SSL_CTX_set_session_cache_mode(self.ptr.as_ptr(), openssl_sys::SSL_SESS_CACHE_OFF) };
    }
}

impl Drop for SslCtx<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this SSL_CTX; every SSL made from it (TlsPair) borrows `self`, so none is left.
        unsafe { openssl_sys::SSL_CTX_free(self.ptr.as_ptr()) }
    }
}

/// A resumable session (`SSL_SESSION`), taken from a client after a handshake; it may not outlive the
/// `SslCtx`s of that connection (nor so their library contexts).
pub struct TlsSession<'c> {
    ptr: NonNull<SSL_SESSION>,
    _ctxs: PhantomData<&'c SslCtx<'c>>,
}

impl std::fmt::Debug for TlsSession<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsSession")
    }
}

impl Drop for TlsSession<'_> {
    fn drop(&mut self) {
        // SAFETY: we own one reference (from SSL_get1_session).
        unsafe { openssl_sys::SSL_SESSION_free(self.ptr.as_ptr()) }
    }
}

/// What a finished handshake negotiated, as one side sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsInfo {
    /// `SSL_get_version`, e.g. "TLSv1.3".
    pub version: String,
    /// The cipher suite's OpenSSL name, e.g. "TLS_AES_128_GCM_SHA256".
    pub cipher: String,
    /// The key-exchange group's short name (`SSL_get_negotiated_group`), e.g. "prime256v1"; for a TLS 1.2
    /// resumption there is none.
    pub group: Option<String>,
    /// Whether the session was resumed.
    pub resumed: bool,
    /// Whether the extended master secret (RFC 7627) is in use (TLS 1.2 only: TLS 1.3 has no such extension,
    /// libssl reports false).
    pub extended_master_secret: bool,
    /// `SSL_get_verify_result` (0 = `X509_V_OK`).
    pub verify_result: c_long,
}

/// A client and a server `SSL` joined by a BIO pair, driven alternately from the calling thread.
pub struct TlsPair<'c> {
    client: NonNull<SSL>,
    server: NonNull<SSL>,
    _ctxs: PhantomData<&'c SslCtx<'c>>,
}

impl std::fmt::Debug for TlsPair<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsPair")
    }
}

/// Room in each direction of the BIO pair: a full 16 KiB record plus its header and expansion, twice.
const BIO_PAIR_BUFFER: usize = 40 * 1024;

/// Upper bound on handshake round trips (a TLS 1.2 or 1.3 handshake needs 2 or 3).
const MAX_HANDSHAKE_ROUNDS: usize = 16;

impl<'c> TlsPair<'c> {
    /// A new connection: an `SSL` from `client` and one from `server`, joined by a BIO pair. `host`, if given,
    /// is sent as SNI and checked against the server certificate when the client verifies it.
    pub fn new(client: &'c SslCtx<'_>, server: &'c SslCtx<'_>, host: Option<&str>) -> Result<Self, ErrorStack> {
        if client.side != TlsSide::Client || server.side != TlsSide::Server {
            return Err(ErrorStack::synthetic("TlsPair::new needs a client SslCtx and a server SslCtx"));
        }
        ErrorStack::clear();
        // SAFETY: live SSL_CTXs; each returns an owned SSL or NULL.
        let c = NonNull::new(unsafe { openssl_sys::SSL_new(client.ptr.as_ptr()) }).ok_or_else(ErrorStack::drain)?;
        // SAFETY: as above.
        let s = match NonNull::new(unsafe { openssl_sys::SSL_new(server.ptr.as_ptr()) }) {
            Some(s) => s,
            None => {
                let e = ErrorStack::drain();
                // SAFETY: `c` is ours and unused.
                unsafe { openssl_sys::SSL_free(c.as_ptr()) };
                return Err(e);
            }
        };
        // From here on Drop frees both.
        let pair = TlsPair { client: c, server: s, _ctxs: PhantomData };
        let (mut bc, mut bs): (*mut BIO, *mut BIO) = (ptr::null_mut(), ptr::null_mut());
        // SAFETY: out-pointers to locals; on success both are owned BIOs joined to each other.
        if unsafe { ssl_sys::BIO_new_bio_pair(&mut bc, BIO_PAIR_BUFFER, &mut bs, BIO_PAIR_BUFFER) } != 1 {
            return Err(ErrorStack::drain());
        }
        // SAFETY: live SSL; SSL_set_bio with rbio == wbio takes over our single reference to the BIO.
        unsafe { openssl_sys::SSL_set_bio(pair.client.as_ptr(), bc, bc) };
        // SAFETY: as above.
        unsafe { openssl_sys::SSL_set_bio(pair.server.as_ptr(), bs, bs) };
        // SAFETY: live SSL.
        unsafe { openssl_sys::SSL_set_connect_state(pair.client.as_ptr()) };
        // SAFETY: live SSL.
        unsafe { openssl_sys::SSL_set_accept_state(pair.server.as_ptr()) };
        if let Some(host) = host {
            let h = c_string(host);
            // SAFETY: live SSL; NUL-terminated name, copied by libssl (SNI and the verification host name).
            check_ssl(unsafe { openssl_sys::SSL_set_tlsext_host_name(pair.client.as_ptr(), h.as_ptr().cast_mut()) })?;
            // SAFETY: as above.
            check_ssl(unsafe { ssl_sys::SSL_set1_host(pair.client.as_ptr(), h.as_ptr()) }.into())?;
        }
        Ok(pair)
    }

    fn ssl(&self, side: TlsSide) -> *mut SSL {
        match side {
            TlsSide::Client => self.client.as_ptr(),
            TlsSide::Server => self.server.as_ptr(),
        }
    }

    /// Offers `session` for resumption (client side; before [`TlsPair::handshake`]).
    pub fn set_session(&mut self, session: &TlsSession<'_>) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live client SSL and session; libssl takes its own reference.
        check_ssl(unsafe { openssl_sys::SSL_set_session(self.client.as_ptr(), session.ptr.as_ptr()) }.into())
    }

    /// Whether a `SSL_do_handshake` / `SSL_read` / `SSL_write` return value means "call again later".
    fn retryable(&self, side: TlsSide, ret: c_int) -> bool {
        // SAFETY: live SSL; `ret` is the value the last I/O call on it returned.
        let e = unsafe { openssl_sys::SSL_get_error(self.ssl(side), ret) };
        e == openssl_sys::SSL_ERROR_WANT_READ || e == openssl_sys::SSL_ERROR_WANT_WRITE
    }

    /// Runs `SSL_do_handshake` on the client and the server in turn until both have finished.
    pub fn handshake(&mut self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        for _ in 0..MAX_HANDSHAKE_ROUNDS {
            // SAFETY: live SSLs joined by the BIO pair.
            let c = unsafe { openssl_sys::SSL_do_handshake(self.client.as_ptr()) };
            if c != 1 && !self.retryable(TlsSide::Client, c) {
                return Err(ErrorStack::drain());
            }
            // SAFETY: as above.
            let s = unsafe { openssl_sys::SSL_do_handshake(self.server.as_ptr()) };
            if s != 1 && !self.retryable(TlsSide::Server, s) {
                return Err(ErrorStack::drain());
            }
            if c == 1 && s == 1 {
                return Ok(());
            }
        }
        Err(ErrorStack::synthetic("the handshake did not finish within 16 rounds"))
    }

    /// Closes the connection cleanly: each side sends a close_notify alert and reads the other's. Without it
    /// libssl treats the session as not resumable when the `SSL` is freed (as after a network error).
    pub fn shutdown(&mut self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        let (mut client_done, mut server_done) = (false, false);
        for _ in 0..MAX_HANDSHAKE_ROUNDS {
            for (side, done) in [(TlsSide::Client, &mut client_done), (TlsSide::Server, &mut server_done)] {
                if *done {
                    continue;
                }
                // SAFETY: live SSL joined to its peer by the BIO pair.
                let r = unsafe { openssl_sys::SSL_shutdown(self.ssl(side)) };
                if r == 1 {
                    *done = true;
                } else if r < 0 && !self.retryable(side, r) {
                    return Err(ErrorStack::drain());
                }
            }
            if client_done && server_done {
                return Ok(());
            }
        }
        Err(ErrorStack::synthetic("the shutdown did not finish within 16 rounds"))
    }

    /// Sends `data` from `from` to the other side, which reads it into `buf` (at least `data.len()` long);
    /// returns the bytes received (always `data.len()` on success). Pending post-handshake messages (session
    /// tickets, key updates) are processed on the way.
    pub fn transfer(&mut self, from: TlsSide, data: &[u8], buf: &mut [u8]) -> Result<usize, ErrorStack> {
        if buf.len() < data.len() || c_int::try_from(data.len()).is_err() {
            return Err(ErrorStack::synthetic("transfer: buffer shorter than the data, or data too long"));
        }
        let to = match from {
            TlsSide::Client => TlsSide::Server,
            TlsSide::Server => TlsSide::Client,
        };
        let (mut sent, mut received) = (0usize, 0usize);
        for _ in 0..(4 + 2 * data.len() / 1024) {
            if sent < data.len() {
                let rest = &data[sent..];
                let n = c_int::try_from(rest.len()).unwrap_or(c_int::MAX);
                // SAFETY: live SSL; `rest` is readable for `n` bytes.
                let w = unsafe { openssl_sys::SSL_write(self.ssl(from), rest.as_ptr().cast::<c_void>(), n) };
                if w > 0 {
                    sent += w as usize;
                } else if !self.retryable(from, w) {
                    return Err(ErrorStack::drain());
                }
            }
            while received < sent {
                let room = &mut buf[received..data.len()];
                let n = c_int::try_from(room.len()).unwrap_or(c_int::MAX);
                // SAFETY: live SSL; `room` is writable for `n` bytes.
                let r = unsafe { openssl_sys::SSL_read(self.ssl(to), room.as_mut_ptr().cast::<c_void>(), n) };
                if r > 0 {
                    received += r as usize;
                } else if self.retryable(to, r) {
                    break;
                } else {
                    return Err(ErrorStack::drain());
                }
            }
            if received == data.len() {
                return Ok(received);
            }
        }
        Err(ErrorStack::synthetic("transfer: the data did not arrive"))
    }

    /// Lets `side` read whatever its peer sent that is not application data (TLS 1.3 session tickets, key
    /// updates); returns once nothing is left to read.
    pub fn process_pending(&mut self, side: TlsSide) -> Result<(), ErrorStack> {
        let mut byte = [0u8; 1];
        // SAFETY: live SSL; `byte` is writable for 1 byte.
        let r = unsafe { openssl_sys::SSL_read(self.ssl(side), byte.as_mut_ptr().cast::<c_void>(), 1) };
        if r > 0 {
            return Err(ErrorStack::synthetic("process_pending: unexpected application data"));
        }
        if self.retryable(side, r) { Ok(()) } else { Err(ErrorStack::drain()) }
    }

    /// Schedules a TLS 1.3 key update on `side` (sent with its next write); `request_peer` asks the peer to
    /// update its own sending keys too.
    pub fn key_update(&mut self, side: TlsSide, request_peer: bool) -> Result<(), ErrorStack> {
        let kind = if request_peer { ssl_sys::SSL_KEY_UPDATE_REQUESTED } else { ssl_sys::SSL_KEY_UPDATE_NOT_REQUESTED };
        ErrorStack::clear();
        // SAFETY: live SSL.
        check_ssl(unsafe { ssl_sys::SSL_key_update(self.ssl(side), kind) }.into())
    }

    /// The client's session, for resumption (`SSL_get1_session`); for TLS 1.3 call
    /// [`TlsPair::process_pending`] on the client first so the server's tickets have arrived.
    pub fn client_session(&self) -> Option<TlsSession<'c>> {
        // SAFETY: live SSL; returns a new reference or NULL.
        let p = unsafe { ssl_sys::SSL_get1_session(self.client.as_ptr()) };
        NonNull::new(p).map(|ptr| TlsSession { ptr, _ctxs: PhantomData })
    }

    /// What the handshake negotiated, as `side` sees it.
    pub fn info(&self, side: TlsSide) -> TlsInfo {
        let ssl = self.ssl(side);
        // SAFETY: live SSL; returns a static string.
        let version = owned(unsafe { openssl_sys::SSL_get_version(ssl) }).unwrap_or_default();
        // SAFETY: live SSL; returns NULL or a static SSL_CIPHER.
        let cipher = unsafe { openssl_sys::SSL_get_current_cipher(ssl) };
        let cipher = if cipher.is_null() {
            String::new()
        } else {
            // SAFETY: non-null SSL_CIPHER; returns a static string.
            owned(unsafe { openssl_sys::SSL_CIPHER_get_name(cipher) }).unwrap_or_default()
        };
        // SAFETY: live SSL; a plain control call returning a NID (0 if none).
        let nid = unsafe { openssl_sys::SSL_ctrl(ssl, ssl_sys::SSL_CTRL_GET_NEGOTIATED_GROUP, 0, ptr::null_mut()) };
        let group = c_int::try_from(nid).ok().filter(|n| *n > 0).and_then(|n| {
            // SAFETY: returns NULL or a static string.
            owned(unsafe { openssl_sys::OBJ_nid2sn(n) })
        });
        // SAFETY: live SSL; a plain query.
        let resumed = unsafe { openssl_sys::SSL_session_reused(ssl) } == 1;
        // SAFETY: live SSL; a plain control call.
        let extended_master_secret = unsafe { openssl_sys::SSL_get_extms_support(ssl) } == 1;
        // SAFETY: live SSL; a plain query.
        let verify_result = unsafe { openssl_sys::SSL_get_verify_result(ssl) };
        TlsInfo { version, cipher, group, resumed, extended_master_secret, verify_result }
    }
}

impl Drop for TlsPair<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this SSL (and through it one end of the BIO pair).
        unsafe { openssl_sys::SSL_free(self.client.as_ptr()) };
        // SAFETY: as above.
        unsafe { openssl_sys::SSL_free(self.server.as_ptr()) };
    }
}
