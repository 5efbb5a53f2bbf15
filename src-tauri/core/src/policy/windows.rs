//! The policies in the registry: `HKLM` or `HKCU` `\Software\Policies\OCES-guiden`, read only.

use super::{Layer, Raw, Source, REGISTRY_KEY};
use winreg::enums::{
    RegType, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_READ, REG_DWORD, REG_EXPAND_SZ, REG_SZ,
};
use winreg::RegKey;

/// At most this many values are looked at in the key (the schema has a dozen).
const MAX_VALUES: usize = 100;

/// One hive's values; a missing key is an empty layer.
pub(super) fn read(source: Source) -> Layer {
    let hive = match source {
        Source::Hklm => HKEY_LOCAL_MACHINE,
        _ => HKEY_CURRENT_USER,
    };
    let mut layer = Layer::empty(source);
    let Ok(key) = RegKey::predef(hive).open_subkey_with_flags(REGISTRY_KEY, KEY_READ) else {
        return layer;
    };
    for (name, value) in key.enum_values().take(MAX_VALUES).flatten() {
        let raw = match value.vtype {
            REG_DWORD if value.bytes.len() == 4 => {
                let b = &value.bytes;
                Raw::Dword(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            REG_SZ | REG_EXPAND_SZ => {
                // UTF-16, ending in a NUL (or not: the registry does not enforce it).
                let units: Vec<u16> = value
                    .bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .take_while(|u| *u != 0)
                    .take(4096)
                    .collect();
                Raw::Text(String::from_utf16_lossy(&units))
            }
            other => Raw::OtherRegistryType(reg_type_number(&other)),
        };
        layer.values.insert(name, raw);
    }
    layer
}

fn reg_type_number(t: &RegType) -> u32 {
    t.clone() as u32
}
