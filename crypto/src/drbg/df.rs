//! Block_Cipher_df and BCC (SP 800-90A r1 §10.3.2, §10.3.3), for CTR_DRBG with a derivation function.

use zeroize::Zeroizing;

use crate::Error;
use crate::aes::{Aes, BLOCK_LEN, Backend};

/// The fixed key of Block_Cipher_df: 0x00 01 02 ... truncated to the key length (§10.3.2 step 8).
const DF_KEY: [u8; 32] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
    0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
];

/// Block_Cipher_df for one key length: the cipher keyed with the fixed df key.
#[derive(Clone, Debug)]
pub(super) struct Df {
    cipher: Aes,
    key_len: usize,
}

impl Df {
    pub(super) fn new(key_len: usize, backend: Backend) -> Result<Df, Error> {
        Ok(Df { cipher: Aes::with_backend(&DF_KEY[..key_len], backend)?, key_len })
    }

    /// `Block_Cipher_df(in_1 || in_2 || in_3, seedlen)` into `out` (`out.len()` = seedlen = key_len + 16 bytes).
    /// The total input must be below 2^32 bytes (the caller enforces [`super::MAX_INPUT_LEN`] per input).
    pub(super) fn derive(&self, inputs: [&[u8]; 3], out: &mut [u8]) -> Result<(), Error> {
        let key_len = self.key_len;
        let seed_len = key_len + BLOCK_LEN;
        debug_assert_eq!(out.len(), seed_len);
        let total: usize = inputs.iter().map(|i| i.len()).sum();
        // S = L || N || input_string || 0x80, zero-padded to whole blocks (steps 2-4); L and N are 32-bit.
        let mut header = [0u8; 8];
        header[..4].copy_from_slice(&(total as u32).to_be_bytes());
        header[4..].copy_from_slice(&(seed_len as u32).to_be_bytes());

        // Steps 5-9: temp = BCC(K, IV_0 || S) || BCC(K, IV_1 || S) [|| BCC(K, IV_2 || S)], where IV_i is the
        // 32-bit counter i followed by zeros. The two or three chains run side by side so the cipher sees
        // several blocks per call. The first block of chain i is E(K, IV_i).
        let chains = seed_len.div_ceil(BLOCK_LEN); // 2 for AES-128, 3 for AES-192/256
        let mut state = Zeroizing::new([0u8; 3 * BLOCK_LEN]);
        for i in 0..chains {
            state[i * BLOCK_LEN + 3] = i as u8;
        }
        self.cipher.encrypt_blocks(&mut state[..chains * BLOCK_LEN]);

        let mut block = Zeroizing::new([0u8; BLOCK_LEN]);
        let mut fill = 0;
        let absorb = |block: &mut [u8; BLOCK_LEN], state: &mut [u8; 3 * BLOCK_LEN]| {
            for c in 0..chains {
                for (s, b) in state[c * BLOCK_LEN..(c + 1) * BLOCK_LEN].iter_mut().zip(block.iter()) {
                    *s ^= *b;
                }
            }
            self.cipher.encrypt_blocks(&mut state[..chains * BLOCK_LEN]);
        };
        for part in [&header[..], inputs[0], inputs[1], inputs[2], &[0x80][..]] {
            let mut rest = part;
            while !rest.is_empty() {
                let n = (BLOCK_LEN - fill).min(rest.len());
                block[fill..fill + n].copy_from_slice(&rest[..n]);
                fill += n;
                rest = &rest[n..];
                if fill == BLOCK_LEN {
                    absorb(&mut block, &mut state);
                    fill = 0;
                }
            }
        }
        if fill != 0 {
            block[fill..].fill(0);
            absorb(&mut block, &mut state);
        }

        // Steps 10-15: K = leftmost key_len bytes of temp, X = the next 16; then X = E(K, X) repeatedly,
        // concatenated to seedlen bytes.
        let k = Aes::with_backend(&state[..key_len], self.cipher.backend())?;
        let mut x = Zeroizing::new([0u8; BLOCK_LEN]);
        x.copy_from_slice(&state[key_len..key_len + BLOCK_LEN]);
        for chunk in out.chunks_mut(BLOCK_LEN) {
            k.encrypt_block(&mut x);
            chunk.copy_from_slice(&x[..chunk.len()]);
        }
        Ok(())
    }
}
