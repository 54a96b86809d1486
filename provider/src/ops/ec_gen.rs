//! EC key generation (`gen_init` .. `gen`): FIPS 186-5 A.4.2 key pairs on a named curve, with the
//! key-generation PCT of `ec_pct`.

use std::sync::Arc;

use super::ec_group::{Curve, EcSecret, with_private_rng};
use super::ec_key::{EcKey, KeyOptions, Selection};
use super::ec_params::{
    Encoding, GroupCheck, NamedValue, P_ENCODING, P_GROUP, P_GROUP_CHECK, P_POINT_FORMAT, P_USE_COFACTOR, PointFormat,
    flag, text,
};
use super::ec_pct;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// A key-generation context.
#[derive(Debug)]
pub(crate) struct EcGenCtx {
    pub(crate) prov: Arc<ProvCtx>,
    selection: Selection,
    group: Option<&'static Curve>,
    options: KeyOptions,
}

impl EcGenCtx {
    /// `gen_init`: key pairs and/or parameters only (`OSSL_KEYMGMT_SELECT_KEYPAIR` /
    /// `OSSL_KEYMGMT_SELECT_ALL_PARAMETERS`), then `params`.
    pub(crate) fn new(prov: Arc<ProvCtx>, selection: Selection, params: Params<'_>) -> ProvResult<Self> {
        if !selection.relevant() {
            return Err(ProvError::with(Reason::InvalidParam, "selection names nothing an EC key holds"));
        }
        let mut g = Self { prov, selection, group: None, options: KeyOptions::default() };
        g.set_params(params)?;
        Ok(g)
    }

    /// `gen_set_params`: `group` (any name or alias of a supported curve, any case), `encoding`,
    /// `point-format`, `use-cofactor-flag`, `group-check`. Unknown keys are ignored.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_GROUP) {
            let name = text(&p)?;
            self.group = Some(
                Curve::by_name(name)
                    .ok_or_else(|| ProvError::with(Reason::UnsupportedCurve, format!("group {name:?}")))?,
            );
        }
        if let Some(p) = params.locate(P_ENCODING) {
            self.options.encoding = Encoding::from_param(&p)?;
        }
        if let Some(p) = params.locate(P_POINT_FORMAT) {
            self.options.point_format = PointFormat::from_param(&p)?;
        }
        if let Some(p) = params.locate(P_USE_COFACTOR) {
            self.options.cofactor_ecdh = flag(&p)?;
        }
        if let Some(p) = params.locate(P_GROUP_CHECK) {
            self.options.group_check = GroupCheck::from_param(&p)?;
        }
        Ok(())
    }

    /// `gen_set_template`: generate on the template key's group (libssl's server key share).
    pub(crate) fn set_template(&mut self, template: &EcKey) -> ProvResult<()> {
        self.group = Some(template.curve()?);
        self.options.encoding = template.options.encoding;
        self.options.point_format = template.options.point_format;
        Ok(())
    }

    /// `gen`: a parameters-only key, or a key pair that passed the key-generation PCT.
    pub(crate) fn generate(&self) -> ProvResult<EcKey> {
        let curve = self.group.ok_or_else(|| ProvError::with(Reason::NoDomainParameters, "no group set"))?;
        if !self.selection.any_key() {
            let mut k = EcKey::new(self.prov.clone());
            k.group = Some(curve);
            k.options = self.options;
            return Ok(k);
        }
        let secret = with_private_rng(|rng| EcSecret::generate(curve, rng))?;
        let public = secret.public_key();
        ec_pct::keygen_pct(&self.prov, &secret, &public)?;
        Ok(EcKey::generated(self.prov.clone(), curve, secret, public, self.options))
    }
}
