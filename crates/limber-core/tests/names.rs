//! Every enum limber writes as text (TOML programs, `--json`, the API, the
//! database, backups) has one name per variant: the serde name, which the
//! `strum` derives follow. A variant renamed on one side only fails here.

use limber_core::catalog::{Condition, Position};
use limber_core::profile::Day;
use limber_core::run::{DistanceSource, Sport};
use serde::Serialize;
use serde::de::DeserializeOwned;
use strum::VariantArray;

fn names_agree<T>()
where
    T: VariantArray + Copy + PartialEq + std::fmt::Debug + Serialize + DeserializeOwned,
    T: Into<&'static str>,
{
    for &v in T::VARIANTS {
        let name: &'static str = v.into();
        assert_eq!(
            serde_json::to_value(v).unwrap(),
            serde_json::Value::String(name.into()),
            "{v:?}"
        );
        let back: T = serde_json::from_value(serde_json::Value::String(name.into())).unwrap();
        assert_eq!(back, v);
    }
}

#[test]
fn catalog_profile_and_run_names_are_their_serde_names() {
    names_agree::<Position>();
    names_agree::<Condition>();
    names_agree::<Day>();
    names_agree::<Sport>();
    names_agree::<DistanceSource>();
    assert_eq!(Sport::TrailRunning.as_str(), "trail-running");
    assert_eq!("trail-running".parse::<Sport>(), Ok(Sport::TrailRunning));
    assert_eq!(Condition::HipReplacement.as_str(), "hip-replacement");
}
