//! P-384 unit tests: the shared suite of `ec::common::testing` (arithmetic against a big-integer reference,
//! formulas, scalar multiplications, ACVP ECDSA known answers, bad input).

crate::ec::common::testing::curve_tests!(super::Curve, "P-384", 48, super::P_HEX, super::N_HEX);
