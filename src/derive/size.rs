//! What an asset weighs: its storage, read from its source facts, and how
//! long copying bytes takes at a bandwidth (CAF's formula). Here, below
//! the wave rules and the suggested waves that need them; the estimates
//! of waves and workloads ([`crate::estimate`]) build on them.

use crate::model::Asset;

/// Bytes in a MiB (2^20): storage facts are in MiB.
pub const MIB: u64 = 1 << 20;

/// Bytes in a GiB (2^30).
pub const GIB: u64 = 1 << 30;

/// A storage fact as a non-negative number; thousands separators allowed.
fn number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}'))
        .collect();
    let n: f64 = cleaned.parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// An asset's storage in bytes: source fact `in_use_mib`, else
/// `provisioned_mib`, else `storage_gb` × 1024 MiB (as the product defines
/// it). `None` when no fact holds a number: unknown, never zero.
pub fn storage_bytes(asset: &Asset) -> Option<u64> {
    let fact = |key: &str| asset.source.get(key).and_then(number);
    let mib = fact("in_use_mib")
        .or_else(|| fact("provisioned_mib"))
        .or_else(|| fact("storage_gb").map(|gb| gb * 1024.0))?;
    // `as` saturates: an absurd fact cannot wrap around.
    Some((mib * MIB as f64).round() as u64)
}

/// Hours to copy `bytes` at `bandwidth_mbps` (CAF's formula): bytes × 8
/// bits ÷ (Mbit/s × 10^6 bits) ÷ 3600. `None` without bandwidth.
pub fn replication_hours(bytes: u128, bandwidth_mbps: u32) -> Option<f64> {
    if bandwidth_mbps == 0 {
        return None;
    }
    Some(bytes as f64 * 8.0 / (f64::from(bandwidth_mbps) * 1e6) / 3600.0)
}

/// The most bytes that copy within `hours` at `bandwidth_mbps`: the
/// inverse of [`replication_hours`], for checking a limit in whole bytes.
pub fn bytes_within(hours: u32, bandwidth_mbps: u32) -> u128 {
    // Mbit/s × 10^6 ÷ 8 = bytes per second.
    u128::from(hours) * 3600 * u128::from(bandwidth_mbps) * 1_000_000 / 8
}
