//! MACs other than HMAC: the block-cipher based CMAC and GMAC, and the Keccak based KMAC; each in its own file.

pub mod cmac;
pub mod gmac;
pub mod kmac;
