#!/usr/bin/env bash
# Writes the files generated from the policy schema (src-tauri/core/src/policy/mod.rs) anew:
# the Group Policy templates installer/windows/policies/oces-wizard.admx, da-DK/ and en-US/
# oces-wizard.adml, and the policy table in README.md (between its markers). Run it after
# changing a policy, and commit the result: `cargo test -p oces-core --lib policy::` fails
# while a committed copy differs from the schema.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OCES_REGENERATE=1 cargo test -p oces-core --lib --locked -- --exact policy::tests::generated_files_match_the_schema
git --no-pager diff --stat -- installer/windows/policies README.md
