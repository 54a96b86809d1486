//! Block-cipher based MACs: each in its own file.
