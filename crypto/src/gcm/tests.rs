//! Every GCM backend against a bit-serial reference GHASH, published examples and the portable backend.

use super::{AesGcm, Backend, HKey, backends, ghash_soft};
use crate::Error;

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// xorshift64: reproducible filler.
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// SP 800-38D §6.3 Algorithm 1, bit by bit (variable time; tests only).
fn gf_mul_reference(x: u128, y: u128) -> u128 {
    const R: u128 = 0xe1 << 120;
    let (mut z, mut v) = (0u128, y);
    for i in 0..128 {
        if (x >> (127 - i)) & 1 == 1 {
            z ^= v;
        }
        v = if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 };
    }
    z
}

fn ghash_reference(h: &[u8; 16], y: &[u8; 16], blocks: &[u8]) -> [u8; 16] {
    let h = u128::from_be_bytes(*h);
    let mut y = u128::from_be_bytes(*y);
    for b in blocks.chunks_exact(16) {
        y = gf_mul_reference(y ^ u128::from_be_bytes(b.try_into().unwrap()), h);
    }
    y.to_be_bytes()
}

/// The GHASH key of each backend usable here for `h`.
fn hkeys(h: &[u8; 16]) -> Vec<(Backend, HKey)> {
    #[allow(unused_mut)] // no hardware backend in portable-only builds
    let mut keys = vec![(Backend::Soft, HKey::Soft(ghash_soft::Key::new(h)))];
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(cpu) = crate::cpu::AesNiClmul::detect() {
        keys.push((Backend::X86AesNiClmul, HKey::X86(cpu, Box::new(super::x86_clmul::HTable::new(cpu, h)))));
    }
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(cpu) = crate::cpu::VaesAvx512::detect() {
        keys.push((Backend::X86VaesAvx512, HKey::VaesAvx512(cpu, super::x86_vaes_avx512::HTable::new(cpu, h))));
    }
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(cpu) = crate::cpu::VaesAvx2::detect() {
        keys.push((Backend::X86VaesAvx2, HKey::VaesAvx2(cpu, super::x86_vaes_avx2::HTable::new(cpu, h))));
    }
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    if let Some(cpu) = crate::cpu::Armv8AesPmull::detect() {
        keys.push((Backend::Aarch64AesPmull, HKey::Armv8(cpu, Box::new(super::aarch64_pmull::HTable::new(cpu, h)))));
    }
    assert_eq!(keys.len(), backends().len());
    keys
}

#[test]
fn ghash_matches_reference() {
    for seed in 0..24u64 {
        let mut h: [u8; 16] = filler(seed, 16).try_into().unwrap();
        if seed == 1 {
            h = [0xff; 16];
        } else if seed == 2 {
            h = [0; 16];
            h[0] = 0x80; // H = 1 in GCM's bit order
        }
        let y0: [u8; 16] = filler(seed + 500, 16).try_into().unwrap();
        for n in [0usize, 1, 2, 7, 8, 9, 15, 16, 17, 33] {
            let blocks = filler(seed * 100 + n as u64, 16 * n);
            let want = ghash_reference(&h, &y0, &blocks);
            for (b, mut k) in hkeys(&h) {
                let mut y = y0;
                k.update(&mut y, &blocks);
                assert_eq!(y, want, "{b}: GHASH of {n} blocks (seed {seed})");
            }
        }
    }
}

/// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 1, 2 and 4 (the last also with an
/// 8-byte and a 60-byte IV, whose answers were cross-checked with pyca/cryptography 48 on OpenSSL 3).
#[test]
fn published_examples() {
    let k4 = "feffe9928665731c6d6a8f9467308308";
    let p4 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    let a4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    let iv60 = "9313225df88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    let cases: [(&str, &str, &str, &str, &str, &str); 5] = [
        (
            "00000000000000000000000000000000",
            "000000000000000000000000",
            "",
            "",
            "",
            "58e2fccefa7e3061367f1d57a4e7455a",
        ),
        (
            "00000000000000000000000000000000",
            "000000000000000000000000",
            "",
            "00000000000000000000000000000000",
            "0388dace60b6a392f328c2b971b2fe78",
            "ab6e47d42cec13bdf53a67b21257bddf",
        ),
        (
            k4,
            "cafebabefacedbaddecaf888",
            a4,
            p4,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47",
        ),
        (
            k4,
            "cafebabefacedbad",
            a4,
            p4,
            "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
            "3612d2e79e3b0785561be14aaca2fccb",
        ),
        (
            k4,
            iv60,
            a4,
            p4,
            "2b4b26fb49f400296428f090cdb8671a60f2f674c7d2635c67c52763caccfb7afbde37c47ceaeaf102e38224d71d8e8c6a6ed055a28dcef35ee92cd9",
            "9a58d4b7c0030413d4cc72a5b67c11df",
        ),
    ];
    for b in backends() {
        for (key, iv, aad, pt, ct, tag) in cases {
            let mut g = AesGcm::with_backend(&unhex(key), b).unwrap();
            assert_eq!(g.backend(), b);
            let mut data = unhex(pt);
            let t = g.encrypt_detached(&unhex(iv), &unhex(aad), &mut data).unwrap();
            assert_eq!(hex::encode(&data), ct, "{b} ciphertext, iv {iv}");
            assert_eq!(hex::encode(t), tag, "{b} tag, iv {iv}");
            g.decrypt_detached(&unhex(iv), &unhex(aad), &mut data, &t).unwrap();
            assert_eq!(hex::encode(&data), pt, "{b} decrypt, iv {iv}");
        }
    }
}

/// One-shot reference on the portable backend.
fn seal_soft(key: &[u8], iv: &[u8], aad: &[u8], pt: &[u8]) -> (Vec<u8>, [u8; 16]) {
    let mut g = AesGcm::with_backend(key, Backend::Soft).unwrap();
    let mut data = pt.to_vec();
    let tag = g.encrypt_detached(iv, aad, &mut data).unwrap();
    (data, tag)
}

#[test]
fn backends_agree_with_soft_across_sizes() {
    for key_len in [16, 24, 32] {
        let key = filler(key_len as u64, key_len);
        for (i, len) in (0..=40).chain([127, 128, 129, 255, 256, 257, 1000, 4096, 16384 + 3]).enumerate() {
            let pt = filler(1000 + i as u64, len);
            let aad = filler(2000 + i as u64, i % 37);
            let iv = filler(3000 + i as u64, if i % 5 == 0 { 1 + i % 70 } else { 12 });
            let (ct, tag) = seal_soft(&key, &iv, &aad, &pt);
            for b in backends() {
                let mut g = AesGcm::with_backend(&key, b).unwrap();
                let mut data = pt.clone();
                assert_eq!(g.encrypt_detached(&iv, &aad, &mut data).unwrap(), tag, "{b} tag len {len}");
                assert_eq!(data, ct, "{b} ciphertext len {len}");
                g.decrypt_detached(&iv, &aad, &mut data, &tag).unwrap();
                assert_eq!(data, pt, "{b} plaintext len {len}");
            }
        }
    }
}

/// Every length from 0 to 600 bytes and around 16 KiB, with one key per backend reused for all of them (so the
/// VAES tables of powers grow along the way), AAD of many odd lengths and some non-96-bit IVs; encryption in
/// place and into a separate buffer, decryption into a separate buffer and in place.
#[test]
fn backends_agree_with_soft_every_length() {
    for key_len in [16, 24, 32] {
        let key = filler(40 + key_len as u64, key_len);
        let mut soft = AesGcm::with_backend(&key, Backend::Soft).unwrap();
        let mut keys: Vec<AesGcm> = backends().into_iter().map(|b| AesGcm::with_backend(&key, b).unwrap()).collect();
        for len in (0..=600).chain([4095, 16381, 16384, 16387]) {
            let pt = filler(3 * len as u64 + key_len as u64, len);
            let aad = filler(len as u64 + 7, (len * 7) % 301);
            let iv = filler(len as u64 + 11, if len % 7 == 3 { 1 + len % 80 } else { 12 });
            let mut ct = pt.clone();
            let tag = soft.encrypt_detached(&iv, &aad, &mut ct).unwrap();
            for g in &mut keys {
                let b = g.backend();
                let mut data = pt.clone();
                assert_eq!(g.encrypt_detached(&iv, &aad, &mut data).unwrap(), tag, "{b} tag, len {len}");
                assert_eq!(data, ct, "{b} ciphertext, len {len}");
                let mut out = vec![0x5a; len];
                g.start(&iv).unwrap();
                g.aad(&aad).unwrap();
                g.encrypt_to(&pt, &mut out).unwrap();
                assert_eq!((&out, g.tag().unwrap()), (&ct, tag), "{b} separate encryption, len {len}");
                g.start(&iv).unwrap();
                g.aad(&aad).unwrap();
                g.decrypt_to(&ct, &mut out).unwrap();
                g.verify(&tag).unwrap();
                assert_eq!(out, pt, "{b} separate decryption, len {len}");
                g.decrypt_detached(&iv, &aad, &mut data, &tag).unwrap();
                assert_eq!(data, pt, "{b} decryption in place, len {len}");
            }
        }
    }
}

#[test]
fn streaming_any_chunking_and_separate_buffers() {
    let key = filler(9, 16);
    let iv = filler(10, 12);
    let aad = filler(11, 333);
    let pt = filler(12, 1500);
    let (ct, tag) = seal_soft(&key, &iv, &aad, &pt);
    let splits: [&[usize]; 12] = [
        &[1],
        &[15, 1],
        &[16],
        &[17, 3],
        &[128, 5],
        &[200, 300, 1],
        &[255],
        &[256, 1],
        &[257, 31],
        &[64, 48, 300],
        &[511, 2],
        &[7, 1024],
    ];
    for b in backends() {
        for split in splits {
            let mut g = AesGcm::with_backend(&key, b).unwrap();
            g.start(&iv).unwrap();
            for part in aad.chunks(split[0]) {
                g.aad(part).unwrap();
            }
            let mut out = vec![0u8; pt.len()];
            let (mut pos, mut k) = (0, 0);
            while pos < pt.len() {
                let n = split[k % split.len()].min(pt.len() - pos);
                if k % 2 == 0 {
                    g.encrypt_to(&pt[pos..pos + n], &mut out[pos..pos + n]).unwrap();
                } else {
                    out[pos..pos + n].copy_from_slice(&pt[pos..pos + n]);
                    g.encrypt(&mut out[pos..pos + n]).unwrap();
                }
                pos += n;
                k += 1;
            }
            assert_eq!(out, ct, "{b} split {split:?}");
            assert_eq!(g.tag().unwrap(), tag, "{b} split {split:?}");

            g.start(&iv).unwrap();
            g.aad(&aad).unwrap();
            let mut back = vec![0u8; ct.len()];
            let (mut pos, mut k) = (0, 0);
            while pos < ct.len() {
                let n = split[(k + 1) % split.len()].min(ct.len() - pos);
                if k % 3 == 1 {
                    back[pos..pos + n].copy_from_slice(&ct[pos..pos + n]);
                    g.decrypt(&mut back[pos..pos + n]).unwrap();
                } else {
                    g.decrypt_to(&ct[pos..pos + n], &mut back[pos..pos + n]).unwrap();
                }
                pos += n;
                k += 1;
            }
            assert_eq!(back, pt, "{b} split {split:?}");
            g.verify(&tag).unwrap();
        }
    }
}

#[test]
fn tag_verification() {
    let key = filler(20, 32);
    let (ct, tag) = seal_soft(&key, &[7; 12], b"hdr", b"some plaintext");
    for b in backends() {
        let mut g = AesGcm::with_backend(&key, b).unwrap();
        for n in 1..=16 {
            let mut data = ct.clone();
            g.decrypt_detached(&[7; 12], b"hdr", &mut data, &tag[..n]).unwrap();
            let mut bad = tag;
            bad[n - 1] ^= 0x01;
            let mut data = ct.clone();
            assert_eq!(g.decrypt_detached(&[7; 12], b"hdr", &mut data, &bad[..n]), Err(Error::AuthenticationFailed));
            assert!(data.iter().all(|&b| b == 0), "{b}: plaintext released on a bad tag");
        }
        let mut data = ct.clone();
        assert_eq!(g.decrypt_detached(&[7; 12], b"hdx", &mut data, &tag), Err(Error::AuthenticationFailed));
        let mut data = ct.clone();
        data[0] ^= 0x80;
        assert_eq!(g.decrypt_detached(&[7; 12], b"hdr", &mut data, &tag), Err(Error::AuthenticationFailed));
        assert_eq!(g.decrypt_detached(&[7; 12], b"hdr", &mut ct.clone(), &[]), Err(Error::InvalidLength));
        assert_eq!(g.decrypt_detached(&[7; 12], b"hdr", &mut ct.clone(), &[0; 17]), Err(Error::InvalidLength));
    }
}

#[test]
fn misuse_is_an_error() {
    for b in backends() {
        let mut g = AesGcm::with_backend(&[1; 16], b).unwrap();
        let mut buf = [0u8; 20];
        assert_eq!(g.encrypt(&mut buf), Err(Error::InvalidState));
        assert_eq!(g.aad(b"x"), Err(Error::InvalidState));
        assert_eq!(g.tag(), Err(Error::InvalidState));
        assert_eq!(g.start(&[]), Err(Error::InvalidLength));
        g.start(&[0; 12]).unwrap();
        g.encrypt(&mut buf).unwrap();
        assert_eq!(g.aad(b"late"), Err(Error::InvalidState));
        assert_eq!(g.decrypt(&mut buf), Err(Error::InvalidState));
        assert_eq!(g.encrypt_to(&[0; 3], &mut [0; 4]), Err(Error::InvalidLength));
        g.tag().unwrap();
        assert_eq!(g.encrypt(&mut buf), Err(Error::InvalidState));
        assert_eq!(g.tag(), Err(Error::InvalidState));
        assert_eq!(AesGcm::with_backend(&[0; 17], b).unwrap_err(), Error::InvalidKey);
    }
}

#[test]
fn length_limits() {
    let mut g = AesGcm::new(&[3; 16]).unwrap();
    g.start(&[0; 12]).unwrap();
    g.text_len = super::MAX_TEXT_LEN - 16;
    let mut buf = [0u8; 17];
    assert_eq!(g.encrypt(&mut buf), Err(Error::InvalidLength));
    assert_eq!(buf, [0; 17], "nothing processed past the limit");
    g.encrypt(&mut buf[..16]).unwrap();
    assert_eq!(g.encrypt(&mut buf[..1]), Err(Error::InvalidLength));
    g.start(&[0; 12]).unwrap();
    g.aad_len = super::MAX_AAD_LEN;
    assert_eq!(g.aad(b"x"), Err(Error::InvalidLength));
    g.aad(b"").unwrap();
}

/// Counters started just below `2^32` (so that they wrap inside the wide loops) and at low bytes that make the
/// VAES counter fast path hand over to the slow one mid-message; compared with soft, including the final counter.
#[test]
fn counter_wraps_modulo_2_32() {
    let key = filler(30, 16);
    for (start, blocks) in [(0xffff_fff9u32, 40usize), (0xffff_fe03, 1100), (0x0000_00e1, 300), (0x1234_56ff, 67)] {
        let pt = filler(31 + u64::from(start), 16 * blocks + 5);
        let mut want = pt.clone();
        let mut soft = AesGcm::with_backend(&key, Backend::Soft).unwrap();
        soft.start(&[5; 12]).unwrap();
        soft.ctr[12..].copy_from_slice(&start.to_be_bytes());
        soft.encrypt(&mut want).unwrap();
        assert_eq!(soft.ctr[..12], [5; 12]);
        let end = start.wrapping_add(blocks as u32 + 1);
        assert_eq!(soft.ctr[12..], end.to_be_bytes());
        for b in backends() {
            let mut g = AesGcm::with_backend(&key, b).unwrap();
            g.start(&[5; 12]).unwrap();
            g.ctr[12..].copy_from_slice(&start.to_be_bytes());
            let mut got = pt.clone();
            g.encrypt(&mut got).unwrap();
            assert_eq!(got, want, "{b} from {start:#x}");
            assert_eq!(g.ctr, soft.ctr, "{b} from {start:#x}");
            assert_eq!(g.tag().unwrap(), soft.clone().tag().unwrap(), "{b} from {start:#x}");
        }
    }
}

#[test]
fn debug_is_redacted() {
    let g = AesGcm::new(&[0x42; 32]).unwrap();
    let s = format!("{g:?}");
    assert!(s.contains("key_len: 32") && !s.contains("42"), "{s}");
}

/// IVs of whole blocks (no `0^s` padding block in `J0 = GHASH(IV || 0^64 || [len]_64)`): key 0^128, IV bytes
/// 1..=n, AAD "hdr", plaintext "sixteen byte msg!"; answers from pyca/cryptography 48 (OpenSSL 3).
#[test]
fn whole_block_ivs() {
    let cases = [
        (16, "40ae873ea9c303ce58455c7f5fc4e89ffa", "64341bdc43f092a9a9b0934c6b82d3f3"),
        (32, "c44bb59b8eeb6482e407b2e1e686719097", "40dfad95203a651e915f38c1be6cd5f6"),
        (48, "c0a9ea36133482af6c0472859a095f0076", "1ffcf4b07b5d2862c9574b9b16c80341"),
        (64, "e789fa4252eb8a9971db2b5e51f6dee6a0", "e578350a16c1a518734d8f1ffbcb85aa"),
    ];
    for b in backends() {
        for (n, ct, tag) in cases {
            let iv: Vec<u8> = (1..=n as u8).collect();
            let mut g = AesGcm::with_backend(&[0; 16], b).unwrap();
            let mut data = b"sixteen byte msg!".to_vec();
            let t = g.encrypt_detached(&iv, b"hdr", &mut data).unwrap();
            assert_eq!((hex::encode(&data), hex::encode(t)), (ct.to_owned(), tag.to_owned()), "{b} IV of {n} bytes");
        }
    }
}

/// `backends()` lists exactly the backends whose CPU features are present, widest first, and each one builds.
#[test]
fn backend_list_follows_the_cpu() {
    let list = backends();
    assert_eq!(list.last(), Some(&Backend::Soft));
    assert_eq!(super::default_backend(), list[0]);
    for &b in &list {
        assert_eq!(AesGcm::with_backend(&[9; 16], b).unwrap().backend(), b);
    }
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    {
        let want: Vec<Backend> = [
            (crate::cpu::VaesAvx512::detect().is_some(), Backend::X86VaesAvx512),
            (crate::cpu::VaesAvx2::detect().is_some(), Backend::X86VaesAvx2),
            (crate::cpu::AesNiClmul::detect().is_some(), Backend::X86AesNiClmul),
            (true, Backend::Soft),
        ]
        .into_iter()
        .filter_map(|(ok, b)| ok.then_some(b))
        .collect();
        assert_eq!(list, want);
        for b in [Backend::X86VaesAvx512, Backend::X86VaesAvx2, Backend::X86AesNiClmul] {
            if !list.contains(&b) {
                assert_eq!(AesGcm::with_backend(&[9; 16], b).unwrap_err(), Error::BackendUnavailable);
            }
        }
    }
}

/// `rekey` in the middle of a key's life (its power table grown by a long message, a message left unfinished)
/// gives exactly what a fresh key gives, on every backend and key size; a bad key length is refused and the old
/// key keeps working.
#[test]
fn rekey_matches_a_fresh_key() {
    for b in backends() {
        for kl in [16usize, 24, 32] {
            let (k1, k2) = (filler(kl as u64, kl), filler(100 + kl as u64, kl));
            let mut g = AesGcm::with_backend(&k1, b).unwrap();
            let mut long = filler(7, 4096);
            g.encrypt_detached(&[1; 12], b"aad", &mut long).unwrap();
            g.start(&[2; 12]).unwrap();
            g.encrypt(&mut [0u8; 20]).unwrap();
            g.rekey(&k2).unwrap();
            for len in [0usize, 16, 100, 4096] {
                let pt = filler(len as u64, len);
                let (want, want_tag) = seal_soft(&k2, &[3; 12], b"hdr", &pt);
                let mut got = pt.clone();
                let tag = g.encrypt_detached(&[3; 12], b"hdr", &mut got).unwrap();
                assert_eq!((got, tag), (want, want_tag), "{b} key {kl} len {len}");
            }
            assert_eq!(g.rekey(&[0u8; 17]), Err(Error::InvalidKey));
            let mut x = filler(9, 64);
            let tag = g.encrypt_detached(&[4; 12], b"", &mut x).unwrap();
            assert_eq!((x, tag), seal_soft(&k2, &[4; 12], b"", &filler(9, 64)), "{b} old key kept");
        }
    }
}

/// `rekey` with the key already held (the shortcut that keeps the schedule) abandons the message in progress
/// exactly as a real re-key does, on every backend and key size, and alternating keys never mix them up.
#[test]
fn rekey_with_the_same_key_restarts_cleanly() {
    for b in backends() {
        for kl in [16usize, 24, 32] {
            let (k1, k2) = (filler(kl as u64, kl), filler(200 + kl as u64, kl));
            let mut g = AesGcm::with_backend(&k1, b).unwrap();
            for (round, key) in [&k1, &k1, &k2, &k2, &k1].into_iter().enumerate() {
                g.start(&[5; 12]).unwrap();
                g.aad(b"half-done").unwrap();
                g.encrypt(&mut [0u8; 37]).unwrap();
                g.rekey(key).unwrap();
                for len in [0usize, 15, 16, 300] {
                    let pt = filler(len as u64 + 1, len);
                    let want = seal_soft(key, &[6; 12], b"h", &pt);
                    let mut got = pt.clone();
                    let tag = g.encrypt_detached(&[6; 12], b"h", &mut got).unwrap();
                    assert_eq!((got, tag), want, "{b} key {kl} round {round} len {len}");
                }
            }
            // A refused key leaves the old one working, and the old one is then still recognised.
            assert_eq!(g.rekey(&[0u8; 7]), Err(Error::InvalidKey));
            g.rekey(&k1).unwrap();
            let mut x = filler(3, 48);
            let tag = g.encrypt_detached(&[7; 12], b"", &mut x).unwrap();
            assert_eq!((x, tag), seal_soft(&k1, &[7; 12], b"", &filler(3, 48)), "{b} key {kl} after refusal");
        }
    }
}
