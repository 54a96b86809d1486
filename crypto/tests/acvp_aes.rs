//! NIST ACVP known answers for AES-GCM (ACVP-AES-GCM-1.0 and the Geomys supplement) and, through a CBC built on
//! [`Aes`], for the AES block cipher (ACVP-AES-CBC-1.0 AFT and Monte-Carlo), on every backend this CPU offers.
//! GCM cases also run streamed in odd chunk sizes, in place and into separate buffers.

use ferrofips_crypto::Error;
use ferrofips_crypto::aes::{self, Aes};
use ferrofips_crypto::gcm::{self, AesGcm};
use ferrofips_kat::{cbc, check::check, gcm::GcmCase};

/// One case on `g`, one-shot; returns whether the outcome matches.
fn run_gcm_one_shot(g: &mut AesGcm, c: &GcmCase) {
    let b = g.backend();
    if c.encrypt {
        let mut data = c.pt.clone();
        let tag = g.encrypt_detached(&c.iv, &c.aad, &mut data).unwrap();
        check(c.tc_id, &c.ct, &data).unwrap_or_else(|e| panic!("{b} {} ct: {e}", c.source));
        check(c.tc_id, &c.tag, &tag[..c.tag.len()]).unwrap_or_else(|e| panic!("{b} {} tag: {e}", c.source));
    } else {
        let mut data = c.ct.clone();
        let r = g.decrypt_detached(&c.iv, &c.aad, &mut data, &c.tag);
        if c.passed {
            r.unwrap_or_else(|e| panic!("{b} {} tcId {}: {e}", c.source, c.tc_id));
            check(c.tc_id, &c.pt, &data).unwrap_or_else(|e| panic!("{b} {} pt: {e}", c.source));
        } else {
            assert_eq!(r, Err(Error::AuthenticationFailed), "{b} {} tcId {} must fail", c.source, c.tc_id);
            assert!(data.iter().all(|&x| x == 0), "{b}: plaintext released on failure");
        }
    }
}

/// One case on `g`, streamed: AAD and text in chunks of `step` bytes, alternating in-place and separate buffers.
fn run_gcm_streamed(g: &mut AesGcm, c: &GcmCase, step: usize) {
    let b = g.backend();
    g.start(&c.iv).unwrap();
    for part in c.aad.chunks(step) {
        g.aad(part).unwrap();
    }
    let input = if c.encrypt { &c.pt } else { &c.ct };
    let mut out = vec![0u8; input.len()];
    for (i, (src, dst)) in input.chunks(step).zip(out.chunks_mut(step)).enumerate() {
        match (c.encrypt, i % 2 == 0) {
            (true, true) => g.encrypt_to(src, dst).unwrap(),
            (false, true) => g.decrypt_to(src, dst).unwrap(),
            (true, false) => {
                dst.copy_from_slice(src);
                g.encrypt(dst).unwrap()
            }
            (false, false) => {
                dst.copy_from_slice(src);
                g.decrypt(dst).unwrap()
            }
        }
    }
    if c.encrypt {
        check(c.tc_id, &c.ct, &out).unwrap_or_else(|e| panic!("{b} streamed {step}: {e}"));
        let tag = g.tag().unwrap();
        check(c.tc_id, &c.tag, &tag[..c.tag.len()]).unwrap_or_else(|e| panic!("{b} streamed {step} tag: {e}"));
    } else if c.passed {
        g.verify(&c.tag).unwrap_or_else(|e| panic!("{b} streamed {step} tcId {}: {e}", c.tc_id));
        check(c.tc_id, &c.pt, &out).unwrap_or_else(|e| panic!("{b} streamed {step}: {e}"));
    } else {
        assert_eq!(g.verify(&c.tag), Err(Error::AuthenticationFailed), "{b} streamed tcId {}", c.tc_id);
    }
}

#[test]
fn acvp_gcm_every_backend() {
    let cases = ferrofips_kat::gcm::load().unwrap();
    assert_eq!(cases.len(), 96);
    let backends = gcm::backends();
    assert_eq!(backends.last(), Some(&gcm::Backend::Soft));
    for b in backends {
        for c in &cases {
            let mut g = AesGcm::with_backend(&c.key, b).unwrap();
            run_gcm_one_shot(&mut g, c);
            for step in [1, 13, 16, 100, 129] {
                if step == 1 && c.aad.len() + c.pt.len().max(c.ct.len()) > 4096 && b == gcm::Backend::Soft {
                    continue; // byte-by-byte over 16 KiB on the bitsliced backend only costs time
                }
                run_gcm_streamed(&mut g, c, step);
            }
        }
        println!("AES-GCM on {b}: {} cases x 6 ways", cases.len());
    }
}

/// CBC over whole blocks with `aes` (test scaffolding for the block cipher).
fn cbc_process(aes: &Aes, iv: &[u8], data: &[u8], encrypt: bool) -> Vec<u8> {
    let mut chain: [u8; 16] = iv.try_into().unwrap();
    let mut out = Vec::with_capacity(data.len());
    for block in data.chunks_exact(16) {
        let mut x: [u8; 16] = block.try_into().unwrap();
        if encrypt {
            x.iter_mut().zip(&chain).for_each(|(a, b)| *a ^= b);
            aes.encrypt_block(&mut x);
            chain = x;
        } else {
            aes.decrypt_block(&mut x);
            x.iter_mut().zip(&chain).for_each(|(a, b)| *a ^= b);
            chain = block.try_into().unwrap();
        }
        out.extend_from_slice(&x);
    }
    out
}

#[test]
fn acvp_cbc_aft_every_backend() {
    let v = cbc::load().unwrap();
    for b in aes::backends() {
        for c in &v.aft {
            let aes = Aes::with_backend(&c.key, b).unwrap();
            let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
            let got = cbc_process(&aes, &c.iv, input, c.encrypt);
            check(c.tc_id, want, &got).unwrap_or_else(|e| panic!("{b} CBC {}: {e}", c.kind));
            // The ECB entry points agree with the single-block ones.
            if c.encrypt {
                let mut ecb = c.pt.clone();
                aes.encrypt_blocks(&mut ecb);
                let mut blocks = c.pt.clone();
                for blk in blocks.chunks_exact_mut(16) {
                    aes.encrypt_block(blk.try_into().unwrap());
                }
                assert_eq!(ecb, blocks, "{b} ECB tcId {}", c.tc_id);
                aes.decrypt_blocks(&mut ecb);
                assert_eq!(ecb, c.pt, "{b} ECB decrypt tcId {}", c.tc_id);
            }
        }
        println!("AES-CBC on {b}: {} AFT cases", v.aft.len());
    }
}

#[test]
fn acvp_cbc_mct_every_backend() {
    let v = cbc::load().unwrap();
    for b in aes::backends() {
        for m in &v.mct {
            m.run(|key, chain, block| {
                let aes = Aes::with_backend(key, b).unwrap();
                cbc_process(&aes, chain, block, m.encrypt)
            })
            .unwrap_or_else(|e| panic!("{b} CBC MCT encrypt={}: {e}", m.encrypt));
        }
        println!("AES-CBC MCT on {b}: {} tests x 100 results", v.mct.len());
    }
}
