//! The ACVP EdDSA vectors (ED-25519 groups; ED-448 groups are skipped by the loader and counted) on every
//! backend.

use ferrofips_kat::eddsa;

use super::{backends, ed25519};
use crate::digest::{Algorithm, digest};

fn arr(v: &[u8]) -> [u8; 32] {
    v.try_into().unwrap()
}

#[test]
fn acvp_keygen_keyver() {
    let kg = eddsa::load_keygen("ED-25519").unwrap();
    assert!(kg.skipped_other_curves > 0 && !kg.cases.is_empty());
    let kv = eddsa::load_keyver("ED-25519").unwrap();
    for b in backends() {
        for c in &kg.cases {
            let sk = ed25519::expand(b, &arr(&c.d)).unwrap();
            assert_eq!(&sk.public_key().to_bytes()[..], &c.q[..], "tcId {}", c.tc_id);
        }
        for c in &kv.cases {
            let ok = ed25519::decode_with(b, &arr(&c.q)).and_then(|pk| ed25519::validate_full_with(b, &pk)).is_ok();
            assert_eq!(ok, c.passed, "tcId {} ({})", c.tc_id, c.reason);
        }
    }
}

#[test]
fn acvp_siggen_sigver() {
    let sg = eddsa::load_siggen("ED-25519").unwrap();
    let sv = eddsa::load_sigver("ED-25519").unwrap();
    assert!(sg.skipped_other_curves > 0 && sv.skipped_other_curves > 0);
    for b in backends() {
        for c in &sg.cases {
            let sk = ed25519::expand(b, &arr(&c.d)).unwrap();
            assert_eq!(&sk.public_key().to_bytes()[..], &c.q[..], "tcId {}", c.tc_id);
            let ph;
            let (msg, v) = match (c.pre_hash, c.context.is_empty()) {
                (true, _) => {
                    ph = digest(Algorithm::Sha512, &c.msg);
                    (&ph[..], ed25519::Variant::Ph(&c.context))
                }
                (false, true) => (&c.msg[..], ed25519::Variant::Pure),
                (false, false) => (&c.msg[..], ed25519::Variant::Ctx(&c.context)),
            };
            let sig = ed25519::sign_with(b, &sk, msg, v).unwrap();
            assert_eq!(&sig[..], &c.signature[..], "tcId {} ({})", c.tc_id, c.test_type);
            assert!(ed25519::verify_with(b, &sk.public_key(), msg, &sig, v).is_ok());
        }
        for c in &sv.cases {
            let ph;
            let (msg, v) = if c.pre_hash {
                ph = digest(Algorithm::Sha512, &c.msg);
                (&ph[..], ed25519::Variant::Ph(&[]))
            } else {
                (&c.msg[..], ed25519::Variant::Pure)
            };
            let ok = ed25519::decode_with(b, &arr(&c.q))
                .and_then(|pk| ed25519::verify_with(b, &pk, msg, &c.signature, v))
                .is_ok();
            assert_eq!(ok, c.passed, "tcId {} ({})", c.tc_id, c.reason);
        }
    }
}
