//! Block-cipher based MACs: each in its own file.

pub mod cmac;
pub mod gmac;
