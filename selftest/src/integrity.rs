//! The software integrity test's primitives: OpenSSL's `fipsinstall` key, the module MAC, and the
//! `AB:CD:...` MAC text format of `fipsmodule.cnf`.

use std::fmt::Write as _;
use std::io::{self, Read};

use ferrofips_crypto::digest::{Algorithm, Backend, default_backend};
use ferrofips_crypto::hmac::Hmac;

/// OpenSSL's default `FIPS_KEY` (`fipskey.h`): the HMAC-SHA-256 key `openssl fipsinstall` uses. It is the
/// SHA-256 of "holy hand grenade of antioch" (checked by a unit test). Public by design: the integrity test
/// detects accidental corruption, not a deliberate attacker.
pub const INSTALL_KEY: [u8; 32] = [
    0xf4, 0x55, 0x66, 0x50, 0xac, 0x31, 0xd3, 0x54, 0x61, 0x61, 0x0b, 0xac, 0x4e, 0xd8, 0x1b, 0x1a, 0x18, 0x1b, 0x2d,
    0x8a, 0x43, 0xea, 0x28, 0x54, 0xcb, 0xae, 0x22, 0xca, 0x74, 0x56, 0x08, 0x13,
];

/// The install status string `openssl fipsinstall` writes (and MACs) once the install-time KATs passed.
pub const INSTALL_STATUS: &str = "INSTALL_SELF_TEST_KATS_RUN";

/// Length of the module and install MACs (HMAC-SHA-256).
pub const MAC_LEN: usize = 32;

/// The file is streamed through the MAC in chunks of this size.
const CHUNK: usize = 64 * 1024;

/// The SHA-256 backend the integrity HMAC runs on: the one the module uses, which the HMAC KAT covers.
pub(crate) fn integrity_backend() -> Backend {
    default_backend(Algorithm::Sha256)
}

fn integrity_hmac() -> io::Result<Hmac> {
    Hmac::with_backend(Algorithm::Sha256, integrity_backend(), &INSTALL_KEY).map_err(io::Error::other)
}

fn finish(mut h: Hmac) -> io::Result<[u8; MAC_LEN]> {
    let mut out = [0u8; MAC_LEN];
    h.finalize_into(&mut out).map_err(io::Error::other)?;
    Ok(out)
}

/// HMAC-SHA-256 keyed with [`INSTALL_KEY`] over everything `r` yields, read in 64 KiB chunks.
pub fn module_mac(mut r: impl Read) -> io::Result<[u8; MAC_LEN]> {
    let mut h = integrity_hmac()?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    finish(h)
}

/// HMAC-SHA-256 keyed with [`INSTALL_KEY`] over the install status string (what `fipsinstall` records as
/// `install-mac`).
pub fn install_mac(status: &str) -> io::Result<[u8; MAC_LEN]> {
    let mut h = integrity_hmac()?;
    h.update(status.as_bytes());
    finish(h)
}

/// OpenSSL's MAC text format: upper-case hex bytes joined by `:` (`"AB:CD:..."`).
pub fn format_mac(mac: &[u8]) -> String {
    let mut s = String::with_capacity(mac.len() * 3);
    for (i, b) in mac.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        // Writing to a String cannot fail.
        let _ = write!(s, "{b:02X}");
    }
    s
}

/// Parses a MAC written as `"AB:CD:..."` (OpenSSL's form: exactly two hex digits per byte, as
/// `openssl fipsinstall` writes it) or as plain hex, any case, surrounding whitespace ignored. Returns `None` for anything else: an odd
/// number of digits, a non-hex character, empty groups, a mix of both forms, or an empty string.
pub fn parse_mac(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.contains(':') {
        s.split(':')
            .map(|g| match g.as_bytes() {
                [h, l] => Some(hex_val(*h)? << 4 | hex_val(*l)?),
                _ => None,
            })
            .collect()
    } else {
        let b = s.as_bytes();
        if !b.len().is_multiple_of(2) {
            return None;
        }
        b.chunks_exact(2).map(|p| Some(hex_val(p[0])? << 4 | hex_val(p[1])?)).collect()
    }
}

const fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Equality of two MACs without an early exit on the first differing byte.
pub(crate) fn mac_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofips_crypto::digest::digest;

    #[test]
    fn install_key_is_sha256_of_the_phrase() {
        assert_eq!(digest(Algorithm::Sha256, b"holy hand grenade of antioch"), INSTALL_KEY.to_vec());
    }

    #[test]
    fn format_parse_round_trip() {
        let mac: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(37) ^ 0xa5).collect();
        let text = format_mac(&mac);
        assert_eq!(text.len(), 32 * 3 - 1);
        assert!(text.chars().all(|c| c == ':' || c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert_eq!(parse_mac(&text), Some(mac.clone()));
        assert_eq!(parse_mac(&text.to_lowercase()), Some(mac.clone()));
        assert_eq!(parse_mac(&hex::encode(&mac)), Some(mac.clone()));
        assert_eq!(parse_mac(&format!("  {}\n", hex::encode_upper(&mac))), Some(mac));
        assert_eq!(format_mac(&[0x0a, 0xff]), "0A:FF");
        assert_eq!(format_mac(&[]), "");
    }

    #[test]
    fn parse_rejects_malformed() {
        for bad in [
            "", " ", "A", "ABC", "AB:C", "AB::CD", "AB:CD:", ":AB", "A:BC", "ABC:DE", "GG", "AB:CG", "0x12", "AB CD",
            "AB-CD", "é1", "AB:CDEF",
        ] {
            assert_eq!(parse_mac(bad), None, "{bad:?}");
        }
        assert_eq!(parse_mac("ab"), Some(vec![0xab]));
        assert_eq!(parse_mac("aB:0c"), Some(vec![0xab, 0x0c]));
    }

    #[test]
    fn module_mac_matches_openssl() {
        // `printf 'abc' | openssl mac -digest SHA256 -macopt hexkey:<INSTALL_KEY> HMAC` (OpenSSL 3.0.19).
        let want = "F2:5A:B6:EA:6D:06:B2:63:08:4C:C1:BF:92:D6:C6:EF:6B:ED:EB:78:AA:E1:D9:E1:E2:C0:14:96:D3:70:4A:20";
        assert_eq!(format_mac(&module_mac(&b"abc"[..]).unwrap()), want);
        // The install-mac `fipsinstall` records for INSTALL_STATUS, computed the same way.
        let want = "41:9C:38:C2:8F:59:09:43:2C:AA:2F:58:36:2D:D9:04:F9:6C:56:8B:09:E0:18:3A:2E:D6:CC:69:05:04:E1:11";
        assert_eq!(parse_mac(want), Some(install_mac(INSTALL_STATUS).unwrap().to_vec()));
        // Streaming across chunk boundaries equals one-shot.
        let big: Vec<u8> = (0..(3 * CHUNK + 17)).map(|i| (i % 251) as u8).collect();
        let mut one = integrity_hmac().unwrap();
        one.update(&big);
        assert_eq!(module_mac(&big[..]).unwrap(), finish(one).unwrap());
        assert_eq!(install_mac("abc").unwrap(), module_mac(&b"abc"[..]).unwrap());
    }

    #[test]
    fn mac_eq_works() {
        assert!(mac_eq(&[1, 2, 3], &[1, 2, 3]));
        assert!(!mac_eq(&[1, 2, 3], &[1, 2, 2]));
        assert!(!mac_eq(&[1, 2, 3], &[1, 2]));
    }
}
