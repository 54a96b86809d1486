//! Moving EC keys in and out of the module: `import`/`export` (the params OpenSSL's own EC code and the `base`
//! provider's encoders and decoders exchange) and `get_params`/`set_params`.

use zeroize::Zeroizing;

use super::ec_group::{Curve, EcPublic, EcSecret, ExplicitParams};
use super::ec_key::{EcKey, KeyOptions, Selection};
use super::ec_params::{
    Encoding, GroupCheck, NamedValue, P_A, P_B, P_BITS, P_COFACTOR, P_DECODED_FROM_EXPLICIT, P_DEFAULT_DIGEST,
    P_ENCODED_PUB_KEY, P_ENCODING, P_FIELD_TYPE, P_GENERATOR, P_GROUP, P_GROUP_CHECK, P_INCLUDE_PUBLIC, P_MAX_SIZE,
    P_ORDER, P_P, P_POINT_FORMAT, P_PRIV, P_PUB, P_QX, P_QY, P_SECURITY_BITS, P_SEED, P_USE_COFACTOR, PRIME_FIELD,
    PointFormat, flag, int, text,
};
use super::param_error;
use crate::abi::params::{OwnedParams, Param, Params};
use crate::error::{ProvError, ProvResult, Reason};

/// The digest `EVP_DigestSignInit` uses when the caller names none (OpenSSL's `EC_DEFAULT_MD`).
pub(crate) const DEFAULT_DIGEST: &core::ffi::CStr = c"SHA256";

/// Largest big-endian integer read from an explicit-parameter BIGNUM (bigger ones cannot match any curve).
const MAX_BN_LEN: usize = 72;

fn octets<'a>(p: &Param<'a>) -> ProvResult<&'a [u8]> {
    p.get_octets().map_err(|e| param_error(p.key(), e))
}

fn bn(p: &Param<'_>) -> ProvResult<Vec<u8>> {
    let mut buf = [0u8; MAX_BN_LEN];
    p.get_bn_bytes(&mut buf).map_err(|e| match e {
        crate::abi::params::ParamError::OutOfRange => ProvError::new(Reason::UnsupportedCurve),
        e => param_error(p.key(), e),
    })?;
    Ok(super::ec_group::trim_be(&buf).to_vec())
}

fn bad_key(what: &str) -> ProvError {
    ProvError::with(Reason::InvalidKey, what.to_owned())
}

/// The point format implied by an encoding's first byte (what `EC_KEY_oct2key` records).
fn format_of(encoded: &[u8]) -> PointFormat {
    match encoded.first() {
        Some(2 | 3) => PointFormat::Compressed,
        Some(6 | 7) => PointFormat::Hybrid,
        _ => PointFormat::Uncompressed,
    }
}

/// Reads the domain parameters: a `group` name (any alias, any case) or explicit parameters that must be those
/// of a named curve; `encoding`, `point-format` and `decoded-from-explicit` go to `options`.
fn group_from_params(params: Params<'_>, options: &mut KeyOptions) -> ProvResult<&'static Curve> {
    let mut explicit_default = false;
    let curve = if let Some(p) = params.locate(P_GROUP) {
        let name = text(&p)?;
        Curve::by_name(name).ok_or_else(|| ProvError::with(Reason::UnsupportedCurve, format!("group {name:?}")))?
    } else {
        let mut e = ExplicitParams::default();
        if let Some(p) = params.locate(P_FIELD_TYPE) {
            e.field_type = Some(text(&p)?.to_owned());
        }
        for (key, slot) in
            [(P_P, &mut e.p), (P_A, &mut e.a), (P_B, &mut e.b), (P_ORDER, &mut e.order), (P_COFACTOR, &mut e.cofactor)]
        {
            if let Some(p) = params.locate(key) {
                *slot = Some(bn(&p)?);
            }
        }
        for (key, slot) in [(P_GENERATOR, &mut e.generator), (P_SEED, &mut e.seed)] {
            if let Some(p) = params.locate(key) {
                *slot = Some(octets(&p)?.to_vec());
            }
        }
        if !e.any() {
            return Err(ProvError::with(Reason::NoDomainParameters, "neither group nor explicit parameters"));
        }
        let c = e.named_curve().ok_or_else(|| {
            ProvError::with(Reason::UnsupportedCurve, "explicit parameters are not those of a supported named curve")
        })?;
        explicit_default = true;
        options.decoded_from_explicit = true;
        c
    };
    options.encoding = match params.locate(P_ENCODING) {
        Some(p) => Encoding::from_param(&p)?,
        None if explicit_default => Encoding::Explicit,
        None => options.encoding,
    };
    if let Some(p) = params.locate(P_POINT_FORMAT) {
        options.point_format = PointFormat::from_param(&p)?;
    }
    if let Some(p) = params.locate(P_DECODED_FROM_EXPLICIT) {
        options.decoded_from_explicit |= int(&p)? > 0;
    }
    Ok(curve)
}

/// The "other parameters": cofactor flag, include-public, point format, group check.
fn apply_other(params: Params<'_>, options: &mut KeyOptions) -> ProvResult<()> {
    if let Some(p) = params.locate(P_USE_COFACTOR) {
        options.cofactor_ecdh = flag(&p)?;
    }
    if let Some(p) = params.locate(P_INCLUDE_PUBLIC) {
        options.include_public = int(&p)? != 0;
    }
    if let Some(p) = params.locate(P_POINT_FORMAT) {
        options.point_format = PointFormat::from_param(&p)?;
    }
    if let Some(p) = params.locate(P_GROUP_CHECK) {
        options.group_check = GroupCheck::from_param(&p)?;
    }
    Ok(())
}

impl EcKey {
    /// `import`: domain parameters are required in the selection (as in OpenSSL's `common_import`); `pub` is a
    /// fully validated encoded point, `priv` a BIGNUM in `[1, n-1]`. A private key without a public key gets
    /// `Q = d * G`. All or nothing: the key is unchanged on error.
    pub(crate) fn import(&mut self, sel: Selection, params: Params<'_>) -> ProvResult<()> {
        if !sel.domain() {
            return Err(ProvError::with(Reason::InvalidParam, "EC import needs the domain parameters selected"));
        }
        let mut options = self.options;
        let curve = group_from_params(params, &mut options)?;
        let (mut public, mut secret) = (None, None);
        if sel.any_key() {
            if let Some(p) = params.locate(P_PUB) {
                public = Some(EcPublic::from_encoded(curve, octets(&p)?).map_err(|_| bad_key("public key"))?);
            }
            if sel.private()
                && let Some(p) = params.locate(P_PRIV)
            {
                let mut buf = Zeroizing::new(vec![0u8; curve.order_len]);
                p.get_bn_bytes(&mut buf).map_err(|_| bad_key("private key out of range"))?;
                secret = Some(EcSecret::from_bytes(curve, &buf).map_err(|_| bad_key("private key out of range"))?);
            }
            if let (Some(d), None) = (&secret, &public) {
                public = Some(d.public_key());
            }
        }
        if sel.other() {
            apply_other(params, &mut options)?;
        }
        let mut fresh = EcKey::new(self.prov.clone());
        fresh.group = Some(curve);
        fresh.public = public;
        fresh.secret = secret;
        fresh.options = options;
        *self = fresh;
        Ok(())
    }

    /// `export`: the params `base`'s EC import understands. Domain parameters must be selected and a private
    /// key only goes with its public key (OpenSSL's `ec_export` rules).
    pub(crate) fn export(&self, sel: Selection) -> ProvResult<OwnedParams> {
        if !sel.domain() {
            return Err(ProvError::with(Reason::InvalidParam, "EC export needs the domain parameters selected"));
        }
        if sel.private() && !sel.public() {
            return Err(ProvError::with(Reason::InvalidParam, "EC export of a private key needs the public key"));
        }
        let curve = self.curve()?;
        let o = &self.options;
        let mut out = OwnedParams::new()
            .utf8_string(P_POINT_FORMAT, o.point_format.name())
            .utf8_string(P_ENCODING, o.encoding.name())
            .int(P_DECODED_FROM_EXPLICIT, i32::from(o.decoded_from_explicit))
            .utf8_string(P_GROUP, curve.name);
        if sel.any_key() {
            if let Some(q) = &self.public {
                out = out.octets(P_PUB, &q.encode(o.point_format));
            }
            if sel.private()
                && let Some(d) = &self.secret
            {
                out = out.bn(P_PRIV, &d.to_bytes());
            }
        }
        if sel.other() {
            out = out.utf8_string(P_GROUP_CHECK, o.group_check.name());
            if !o.include_public {
                out = out.int(P_INCLUDE_PUBLIC, 0);
            }
            out = out.int(P_USE_COFACTOR, i32::from(o.cofactor_ecdh));
        }
        Ok(out)
    }

    /// `get_params`: the requested key information; `priv` only if present and asked for.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        if params.iter().next().is_none() {
            return Ok(());
        }
        let curve = self.curve()?;
        let o = &self.options;
        for p in params.iter() {
            let key = p.key();
            let e = |err| param_error(key, err);
            if key == P_BITS {
                p.set_int(curve.order_bits.into()).map_err(e)?;
            } else if key == P_SECURITY_BITS {
                p.set_int(curve.security_bits.into()).map_err(e)?;
            } else if key == P_MAX_SIZE {
                p.set_int(curve.max_sig_len as i128).map_err(e)?;
            } else if key == P_DEFAULT_DIGEST {
                p.set_utf8(DEFAULT_DIGEST).map_err(e)?;
            } else if key == P_USE_COFACTOR {
                p.set_int(o.cofactor_ecdh.into()).map_err(e)?;
            } else if key == P_INCLUDE_PUBLIC {
                p.set_int(o.include_public.into()).map_err(e)?;
            } else if key == P_ENCODED_PUB_KEY {
                let q = self.public.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "not a public key"))?;
                p.set_octets(&q.uncompressed()).map_err(e)?;
            } else if key == P_GROUP {
                p.set_utf8(curve.name).map_err(e)?;
            } else if key == P_ENCODING {
                p.set_utf8(o.encoding.name()).map_err(e)?;
            } else if key == P_POINT_FORMAT {
                p.set_utf8(o.point_format.name()).map_err(e)?;
            } else if key == P_GROUP_CHECK {
                p.set_utf8(o.group_check.name()).map_err(e)?;
            } else if key == P_DECODED_FROM_EXPLICIT {
                p.set_int(o.decoded_from_explicit.into()).map_err(e)?;
            } else if key == P_FIELD_TYPE {
                p.set_utf8(PRIME_FIELD).map_err(e)?;
            } else if key == P_P {
                p.set_bn_bytes(curve.p).map_err(e)?;
            } else if key == P_A {
                p.set_bn_bytes(curve.a).map_err(e)?;
            } else if key == P_B {
                p.set_bn_bytes(curve.b).map_err(e)?;
            } else if key == P_ORDER {
                p.set_bn_bytes(curve.order).map_err(e)?;
            } else if key == P_COFACTOR {
                p.set_bn_bytes(curve.cofactor).map_err(e)?;
            } else if key == P_SEED {
                p.set_octets(curve.seed).map_err(e)?;
            } else if key == P_GENERATOR {
                let g = EcPublic::from_encoded(curve, curve.generator)
                    .map_err(|_| ProvError::new(Reason::InternalError))?;
                p.set_octets(&g.encode(o.point_format)).map_err(e)?;
            } else if key == P_PUB {
                if let Some(q) = &self.public {
                    p.set_octets(&q.encode(o.point_format)).map_err(e)?;
                }
            } else if key == P_QX || key == P_QY {
                if let Some(q) = &self.public {
                    let (x, y) = q.coordinates();
                    let v = if key == P_QX { x } else { y };
                    p.set_bn_bytes(super::ec_group::trim_be(&v)).map_err(e)?;
                }
            } else if key == P_PRIV
                && let Some(d) = &self.secret
            {
                p.set_bn_bytes(&d.to_bytes()).map_err(e)?;
            }
        }
        Ok(())
    }

    /// `set_params`: `encoded-pub-key` (fully validated; it may not contradict a private key), the encoding
    /// and point format, and the other parameters.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let mut options = self.options;
        let mut public = self.public;
        if let Some(p) = params.locate(P_ENCODED_PUB_KEY) {
            let curve = self.curve()?;
            let bytes = octets(&p)?;
            let q = EcPublic::from_encoded(curve, bytes).map_err(|_| bad_key("encoded public key"))?;
            if let Some(d) = &self.secret
                && d.public_key() != q
            {
                return Err(bad_key("encoded public key does not match the private key"));
            }
            options.point_format = format_of(bytes);
            public = Some(q);
        }
        if let Some(p) = params.locate(P_ENCODING) {
            options.encoding = Encoding::from_param(&p)?;
        }
        apply_other(params, &mut options)?;
        self.options = options;
        self.public = public;
        Ok(())
    }
}
