//! The example vectors of NIST SP 800-38A, *Recommendation for Block Cipher Modes of Operation* (2001),
//! Appendix F, for the stream-like modes: F.3 CFB (CFB1, CFB8, CFB128), F.4 OFB and F.5 CTR, each with
//! AES-128, AES-192 and AES-256. NIST publishes no ACVP sample sets for CFB and OFB, so these are the
//! published answers the CFB/OFB tests rest on (together with differential tests against OpenSSL).
//!
//! Transcribed from the publication (<https://doi.org/10.6028/NIST.SP.800-38A>); every value was checked
//! against OpenSSL 3.0's default provider (`openssl enc -aes-*-{cfb1,cfb8,cfb,ofb,ctr} -nopad`) when added.
//! The encryption examples are listed; each section's decryption example (F.3.2, F.3.4, ... and F.5.2, ...)
//! is the same data run backwards.

/// A mode of SP 800-38A Appendix F covered here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamMode {
    /// CFB with 1-bit segments (F.3.1-F.3.6).
    Cfb1,
    /// CFB with 8-bit segments (F.3.7-F.3.12).
    Cfb8,
    /// CFB with 128-bit segments (F.3.13-F.3.18).
    Cfb128,
    /// OFB (F.4).
    Ofb,
    /// CTR (F.5), counter incremented over the whole block.
    Ctr,
}

impl StreamMode {
    /// Every mode.
    pub const ALL: [StreamMode; 5] =
        [StreamMode::Cfb1, StreamMode::Cfb8, StreamMode::Cfb128, StreamMode::Ofb, StreamMode::Ctr];

    /// OpenSSL's name suffix: `AES-<bits>-<suffix>` (`"CFB1"`, `"CFB8"`, `"CFB"`, `"OFB"`, `"CTR"`).
    pub const fn openssl_suffix(self) -> &'static str {
        match self {
            StreamMode::Cfb1 => "CFB1",
            StreamMode::Cfb8 => "CFB8",
            StreamMode::Cfb128 => "CFB",
            StreamMode::Ofb => "OFB",
            StreamMode::Ctr => "CTR",
        }
    }
}

/// One example: `pt` encrypts to `ct` under `key` from `iv` (the initial counter block for CTR).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamExample {
    /// The section of SP 800-38A, e.g. `"F.3.13 CFB128-AES128.Encrypt"`.
    pub section: &'static str,
    /// The mode.
    pub mode: StreamMode,
    /// Hex key (16, 24 or 32 bytes).
    pub key: &'static str,
    /// Hex IV / initial counter block.
    pub iv: &'static str,
    /// Hex plaintext.
    pub pt: &'static str,
    /// Hex ciphertext.
    pub ct: &'static str,
    /// Message length in bits (CFB1's examples are 16 bits; the others are whole bytes).
    pub bits: usize,
}

impl StreamExample {
    /// The key bytes.
    pub fn key(&self) -> Vec<u8> {
        unhex(self.key)
    }

    /// The IV bytes (always 16).
    pub fn iv(&self) -> [u8; 16] {
        let v = unhex(self.iv);
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&v[..16]);
        iv
    }

    /// The plaintext bytes.
    pub fn pt(&self) -> Vec<u8> {
        unhex(self.pt)
    }

    /// The ciphertext bytes.
    pub fn ct(&self) -> Vec<u8> {
        unhex(self.ct)
    }
}

/// Decodes one of the constants below (all are valid hex, checked by this module's tests).
fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_default()
}

/// F.1 keys: AES-128, AES-192, AES-256.
const K128: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const K192: &str = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
const K256: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
/// The IV of the CFB and OFB examples.
const IV: &str = "000102030405060708090a0b0c0d0e0f";
/// The initial counter block of the CTR examples.
const CTR0: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
/// The four plaintext blocks shared by the examples (CFB1 uses its first 16 bits, CFB8 its first 18 bytes).
const PT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
                  30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const PT_CFB1: &str = "6bc1";
const PT_CFB8: &str = "6bc1bee22e409f96e93d7e117393172aae2d";

const fn ex(
    section: &'static str,
    mode: StreamMode,
    key: &'static str,
    iv: &'static str,
    pt: &'static str,
    ct: &'static str,
    bits: usize,
) -> StreamExample {
    StreamExample { section, mode, key, iv, pt, ct, bits }
}

use StreamMode::{Cfb1, Cfb8, Cfb128, Ctr, Ofb};

/// Every encryption example of F.3-F.5.
pub const EXAMPLES: [StreamExample; 15] = [
    ex("F.3.1 CFB1-AES128.Encrypt", Cfb1, K128, IV, PT_CFB1, "68b3", 16),
    ex("F.3.3 CFB1-AES192.Encrypt", Cfb1, K192, IV, PT_CFB1, "9359", 16),
    ex("F.3.5 CFB1-AES256.Encrypt", Cfb1, K256, IV, PT_CFB1, "9029", 16),
    ex("F.3.7 CFB8-AES128.Encrypt", Cfb8, K128, IV, PT_CFB8, "3b79424c9c0dd436bace9e0ed4586a4f32b9", 144),
    ex("F.3.9 CFB8-AES192.Encrypt", Cfb8, K192, IV, PT_CFB8, "cda2521ef0a905ca44cd057cbf0d47a0678a", 144),
    ex("F.3.11 CFB8-AES256.Encrypt", Cfb8, K256, IV, PT_CFB8, "dc1f1a8520a64db55fcc8ac554844e889700", 144),
    ex(
        "F.3.13 CFB128-AES128.Encrypt",
        Cfb128,
        K128,
        IV,
        PT,
        "3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b\
         26751f67a3cbb140b1808cf187a4f4dfc04b05357c5d1c0eeac4c66f9ff7f2e6",
        512,
    ),
    ex(
        "F.3.15 CFB128-AES192.Encrypt",
        Cfb128,
        K192,
        IV,
        PT,
        "cdc80d6fddf18cab34c25909c99a417467ce7f7f81173621961a2b70171d3d7a\
         2e1e8a1dd59b88b1c8e60fed1efac4c9c05f9f9ca9834fa042ae8fba584b09ff",
        512,
    ),
    ex(
        "F.3.17 CFB128-AES256.Encrypt",
        Cfb128,
        K256,
        IV,
        PT,
        "dc7e84bfda79164b7ecd8486985d386039ffed143b28b1c832113c6331e5407b\
         df10132415e54b92a13ed0a8267ae2f975a385741ab9cef82031623d55b1e471",
        512,
    ),
    ex(
        "F.4.1 OFB-AES128.Encrypt",
        Ofb,
        K128,
        IV,
        PT,
        "3b3fd92eb72dad20333449f8e83cfb4a7789508d16918f03f53c52dac54ed825\
         9740051e9c5fecf64344f7a82260edcc304c6528f659c77866a510d9c1d6ae5e",
        512,
    ),
    ex(
        "F.4.3 OFB-AES192.Encrypt",
        Ofb,
        K192,
        IV,
        PT,
        "cdc80d6fddf18cab34c25909c99a4174fcc28b8d4c63837c09e81700c1100401\
         8d9a9aeac0f6596f559c6d4daf59a5f26d9f200857ca6c3e9cac524bd9acc92a",
        512,
    ),
    ex(
        "F.4.5 OFB-AES256.Encrypt",
        Ofb,
        K256,
        IV,
        PT,
        "dc7e84bfda79164b7ecd8486985d38604febdc6740d20b3ac88f6ad82a4fb08d\
         71ab47a086e86eedf39d1c5bba97c4080126141d67f37be8538f5a8be740e484",
        512,
    ),
    ex(
        "F.5.1 CTR-AES128.Encrypt",
        Ctr,
        K128,
        CTR0,
        PT,
        "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff\
         5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
        512,
    ),
    ex(
        "F.5.3 CTR-AES192.Encrypt",
        Ctr,
        K192,
        CTR0,
        PT,
        "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e94\
         1e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
        512,
    ),
    ex(
        "F.5.5 CTR-AES256.Encrypt",
        Ctr,
        K256,
        CTR0,
        PT,
        "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5\
         2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
        512,
    ),
];

/// The examples of one mode (three: AES-128, AES-192, AES-256).
pub fn examples(mode: StreamMode) -> impl Iterator<Item = &'static StreamExample> {
    EXAMPLES.iter().filter(move |e| e.mode == mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_well_formed() {
        for e in &EXAMPLES {
            assert!(matches!(e.key().len(), 16 | 24 | 32), "{}", e.section);
            assert_eq!(unhex(e.iv).len(), 16, "{}", e.section);
            assert_eq!(e.pt().len(), e.bits.div_ceil(8), "{}", e.section);
            assert_eq!(e.ct().len(), e.pt().len(), "{}", e.section);
        }
        for m in StreamMode::ALL {
            assert_eq!(examples(m).count(), 3, "{m:?}");
        }
    }
}
