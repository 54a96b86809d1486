//! Running one CAST on every backend the module uses for its algorithm.

use ferrofips_crypto::Error;
use ferrofips_crypto::digest::{Algorithm, Backend, Hasher, default_backend};
use ferrofips_crypto::hmac::Hmac;

use crate::SelfTestError;
use crate::catalog::{Cast, Primitive};
use crate::events::EventSink;

/// The backends the module uses for `alg`: exactly the default one, since every service constructs its
/// hashers and HMACs with [`Hasher::new`] / [`Hmac::new`], which pick [`default_backend`]. The other
/// backends [`ferrofips_crypto::digest::backends`] lists are never used by the module, so they need no
/// CAST (the crypto crate's own tests cover them). If a service ever selects another backend, it must be
/// added here.
pub(crate) fn backends_in_use(alg: Algorithm) -> [Backend; 1] {
    [default_backend(alg)]
}

fn compute(cast: &Cast, backend: Backend) -> Result<Vec<u8>, Error> {
    match cast.primitive {
        Primitive::Digest(alg) => {
            let mut h = Hasher::with_backend(alg, backend)?;
            h.update(cast.input);
            // Fixed-length digests demand output_len() bytes, XOFs squeeze the expected length.
            let len = if alg.is_xof() { cast.expected.len() } else { alg.output_len() };
            let mut out = vec![0u8; len];
            h.finalize_into(&mut out)?;
            Ok(out)
        }
        Primitive::Hmac { digest, key } => {
            let mut m = Hmac::with_backend(digest, backend, key)?;
            m.update(cast.input);
            let mut out = vec![0u8; m.mac_len()];
            m.finalize_into(&mut out)?;
            Ok(out)
        }
    }
}

/// Flips bit 0 of byte 0, like `OSSL_SELF_TEST_oncorrupt_byte`.
pub(crate) fn corrupt_first_byte(out: &mut [u8]) {
    if let Some(b) = out.first_mut() {
        *b ^= 1;
    }
}

/// Runs `cast` on each backend in use: begin, compute, optional corruption, compare, end. Returns
/// `Failed { ty, desc }` on the first wrong (or uncomputable) answer; the caller enters the error state.
pub(crate) fn run(cast: &Cast, sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    for backend in backends_in_use(cast.primitive.algorithm()) {
        sink.begin(cast.ty, cast.desc);
        sink.detail(cast.id, backend.name());
        let passed = match compute(cast, backend) {
            Ok(mut out) => {
                if sink.corrupt() {
                    corrupt_first_byte(&mut out);
                }
                // Public known answers: no need for a constant-time comparison.
                out == cast.expected
            }
            Err(_) => false,
        };
        sink.end(passed);
        if !passed {
            return Err(SelfTestError::Failed { ty: cast.ty, desc: cast.desc });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CASTS;
    use crate::events::Recorder;
    use ferrofips_crypto::digest::backends;

    /// Every CAST passes on every backend this CPU offers, not only the one in use, so a backend that
    /// becomes the default later is already known to agree with the table.
    #[test]
    fn every_cast_passes_on_every_available_backend() {
        for c in CASTS {
            for b in backends(c.primitive.algorithm()) {
                assert_eq!(compute(c, b).unwrap(), c.expected, "{} on {}", c.id, b.name());
            }
        }
    }

    #[test]
    fn wrong_expected_value_fails() {
        for c in CASTS {
            let mut wrong = c.expected.to_vec();
            let last = wrong.len() - 1;
            wrong[last] ^= 0x80;
            let leaked: &'static [u8] = Box::leak(wrong.into_boxed_slice());
            let bad = Cast { expected: leaked, ..*c };
            let mut r = Recorder::new();
            let e = run(&bad, &mut r).unwrap_err();
            assert!(matches!(e, SelfTestError::Failed { ty, desc } if ty == c.ty && desc == c.desc));
            assert_eq!(r.events.len(), 1);
            assert_eq!(r.events[0].passed, Some(false));
        }
    }

    #[test]
    fn events_carry_detail() {
        let mut r = Recorder::new();
        run(&CASTS[1], &mut r).unwrap();
        let alg = CASTS[1].primitive.algorithm();
        assert_eq!(r.events.len(), backends_in_use(alg).len());
        assert_eq!(r.events[0].detail, Some((CASTS[1].id, default_backend(alg).name())));
        assert_eq!(r.events[0].passed, Some(true));
    }

    #[test]
    fn corruption_flips_bit_zero() {
        let mut v = [0x10u8, 0x20];
        corrupt_first_byte(&mut v);
        assert_eq!(v, [0x11, 0x20]);
        corrupt_first_byte(&mut []);
    }
}
