//! AES-CCM on every AES backend: the SP 800-38C Appendix C examples, round trips with every nonce and tag
//! length, tag failures that release no plaintext, and the length checks.

use super::{AesCcm, max_payload_len, valid_tag_len};
use crate::Error;
use crate::aes;

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn range(a: u8, b: u8) -> Vec<u8> {
    (a..b).collect()
}

/// (nonce, aad, payload, ciphertext || tag).
type Example = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

/// SP 800-38C Appendix C, examples 1-4 (AES-128, key 40..4f).
fn sp800_38c() -> Vec<Example> {
    let long_aad: Vec<u8> = (0..=255u8).cycle().take(65536).collect();
    vec![
        (range(0x10, 0x17), range(0, 8), range(0x20, 0x24), unhex("7162015b4dac255d")),
        (range(0x10, 0x18), range(0, 16), range(0x20, 0x30), unhex("d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd")),
        (
            range(0x10, 0x1c),
            range(0, 20),
            range(0x20, 0x38),
            unhex("e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951"),
        ),
        (
            range(0x10, 0x1d),
            long_aad,
            range(0x20, 0x40),
            unhex("69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72b4ac6bec93e8598e7f0dadbcea5b"),
        ),
    ]
}

#[test]
fn sp800_38c_examples_on_every_backend() {
    let key = range(0x40, 0x50);
    for b in aes::backends() {
        let ccm = AesCcm::with_backend(&key, b).unwrap();
        for (nonce, aad, pt, want) in sp800_38c() {
            let (want_ct, want_tag) = want.split_at(pt.len());
            let mut data = pt.clone();
            let mut tag = vec![0u8; want_tag.len()];
            ccm.encrypt(&nonce, &aad, &mut data, &mut tag).unwrap();
            assert_eq!((&data[..], &tag[..]), (want_ct, want_tag), "{b} nonce {}", nonce.len());
            ccm.decrypt(&nonce, &aad, &mut data, want_tag).unwrap();
            assert_eq!(data, pt, "{b}");
        }
    }
}

#[test]
fn round_trips_and_tag_failures() {
    for b in aes::backends() {
        for key_len in [16, 24, 32] {
            let ccm = AesCcm::with_backend(&vec![key_len as u8; key_len], b).unwrap();
            for (i, nonce_len) in (7..=13).enumerate() {
                let nonce = vec![0x5a; nonce_len];
                for t in (4..=16).step_by(2) {
                    let len = [0, 1, 15, 16, 17, 511, 512, 513, 1500][(i + t) % 9];
                    let pt: Vec<u8> = (0..len).map(|j| (j * 7 + t) as u8).collect();
                    let aad = vec![t as u8; (len * 3) % 40];
                    let mut data = pt.clone();
                    let mut tag = vec![0u8; t];
                    ccm.encrypt(&nonce, &aad, &mut data, &mut tag).unwrap();
                    let ct = data.clone();
                    ccm.decrypt(&nonce, &aad, &mut data, &tag).unwrap();
                    assert_eq!(data, pt, "{b} {key_len} {nonce_len} {t} {len}");
                    // Any flipped bit in tag, ciphertext, AAD or nonce fails and wipes the output.
                    let mut bad_tag = tag.clone();
                    bad_tag[t - 1] ^= 0x80;
                    let mut data = ct.clone();
                    assert_eq!(ccm.decrypt(&nonce, &aad, &mut data, &bad_tag), Err(Error::AuthenticationFailed));
                    assert!(data.iter().all(|&v| v == 0), "plaintext released");
                    if len > 0 {
                        let mut data = ct.clone();
                        data[len / 2] ^= 1;
                        assert_eq!(ccm.decrypt(&nonce, &aad, &mut data, &tag), Err(Error::AuthenticationFailed));
                    }
                    let mut other = nonce.clone();
                    other[0] ^= 1;
                    let mut data = ct.clone();
                    assert_eq!(ccm.decrypt(&other, &aad, &mut data, &tag), Err(Error::AuthenticationFailed));
                    let mut data = ct.clone();
                    let more = [aad.clone(), vec![0]].concat();
                    assert_eq!(ccm.decrypt(&nonce, &more, &mut data, &tag), Err(Error::AuthenticationFailed));
                }
            }
        }
    }
}

#[test]
fn lengths_are_checked() {
    let ccm = AesCcm::new(&[1u8; 16]).unwrap();
    let mut tag = [0u8; 16];
    for n in [0, 6, 14, 16] {
        let mut data = [0xa5u8; 4];
        assert_eq!(ccm.encrypt(&vec![0; n], b"", &mut data, &mut tag[..8]), Err(Error::InvalidLength));
        assert_eq!(data, [0xa5; 4], "nothing written");
    }
    for t in [0, 2, 3, 5, 15, 17, 18] {
        let mut data = [0xa5u8; 4];
        let mut tag = vec![0u8; t];
        assert_eq!(ccm.encrypt(&[0; 12], b"", &mut data, &mut tag), Err(Error::InvalidLength));
        assert_eq!(ccm.decrypt(&[0; 12], b"", &mut data, &tag), Err(Error::InvalidLength));
        assert!(!valid_tag_len(t));
    }
    // A 13-byte nonce leaves a 2-byte length field: at most 65535 bytes.
    assert_eq!(max_payload_len(13), Some(65535));
    assert_eq!(max_payload_len(12), Some((1 << 24) - 1));
    assert_eq!(max_payload_len(7), Some(u64::MAX));
    assert_eq!(max_payload_len(6), None);
    let mut big = vec![0u8; 65536];
    assert_eq!(ccm.encrypt(&[0; 13], b"", &mut big, &mut tag[..4]), Err(Error::InvalidLength));
    assert_eq!(ccm.encrypt(&[0; 13], b"", &mut big[..65535], &mut tag[..4]), Ok(()));
    assert_eq!(AesCcm::new(&[0u8; 20]).unwrap_err(), Error::InvalidKey);
}
