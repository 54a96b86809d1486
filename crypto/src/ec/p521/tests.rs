//! P-521 unit tests: the shared suite of `ec::common::testing` (arithmetic against a big-integer reference,
//! formulas, scalar multiplications, ACVP ECDSA known answers, bad input).

crate::ec::common::testing::curve_tests!(super::Curve, "P-521", 66, P_HEX, super::N_HEX);

/// p = 2^521 - 1.
const P_HEX: &[u8] = b"1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
