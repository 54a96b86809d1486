//! Large-data test (LDT) streaming, shared by every consumer.

use crate::check::{Mismatch, check};
use crate::hash::Ldt;

/// The size of the buffers [`Ldt::feed`] passes (a multiple of the content length close to this).
pub const CHUNK_LEN: usize = 1 << 20;

impl Ldt {
    /// Calls `update` with consecutive pieces of the full message (`content` repeated, then cut at
    /// [`Ldt::full_len_bytes`]); the pieces add up to exactly that many bytes.
    pub fn feed(&self, mut update: impl FnMut(&[u8])) {
        let unit = self.content.len().max(1);
        let reps = (CHUNK_LEN / unit).max(1);
        let chunk = self.content.repeat(reps);
        let mut left = self.full_len_bytes();
        while left > 0 {
            let n = usize::try_from(left).map_or(chunk.len(), |l| l.min(chunk.len()));
            if n == 0 {
                break;
            }
            update(&chunk[..n]);
            left -= n as u64;
        }
    }
}

/// Streams the LDT message into `state` with `update`, then compares `finalize(state)`.
///
/// `state` is typically the hasher under test:
/// ```
/// # fn demo(l: &ferrofips_kat::hash::Ldt) {
/// // A toy "hash" (the byte count) to show the plumbing; use Hasher::new(..)/update/finalize_into.
/// let r = ferrofips_kat::ldt::run_ldt(
///     l,
///     0u64,
///     |n, data| *n += data.len() as u64,
///     |n| n.to_be_bytes().to_vec(),
/// );
/// assert!(r.is_err());
/// # }
/// ```
pub fn run_ldt<S>(
    l: &Ldt,
    mut state: S,
    mut update: impl FnMut(&mut S, &[u8]),
    finalize: impl FnOnce(S) -> Vec<u8>,
) -> Result<(), Mismatch> {
    l.feed(|d| update(&mut state, d));
    check(l.tc_id, &l.md, &finalize(state))
}
