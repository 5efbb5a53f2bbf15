#!/usr/bin/env bash
# Checks the winget manifests that package-windows.sh wrote (from installer/winget/*.yaml):
# each file against installer/winget/schema.json (the winget 1.6.0 manifest rules for the
# fields we use; no unknown field), and together: one version, one installer and one
# default-locale manifest with the same identifier and version; both installers, the setup
# program per user (nullsoft) and the MSI per machine; with the installers' folder, each
# InstallerSha256 is the hash of that file, and the MSI's ProductCode and UpgradeCode are
# those inside the MSI (msiinfo).
# --self-test breaks copies of the manifests in several ways, and each must be caught.
#
# Usage: scripts/check-winget.sh MANIFEST_DIR [INSTALLERS_DIR]
#        scripts/check-winget.sh --self-test MANIFEST_DIR INSTALLERS_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's python3 with python3-yaml and python3-jsonschema (setup.sh setup_windows).
exec /usr/bin/python3 - "$ROOT/installer/winget/schema.json" "$@" <<'PY'
import copy, hashlib, json, os, shutil, subprocess, sys, tempfile
import jsonschema, yaml

schema_path, args = sys.argv[1], sys.argv[2:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)


def msi_properties(msi):
    out = subprocess.run(["msiinfo", "export", msi, "Property"], check=True,
                         capture_output=True, text=True).stdout
    props = {}
    for line in out.splitlines()[3:]:
        name, _, value = line.partition("\t")
        props[name] = value
    return props


def check(docs, installers_dir):
    """docs: {file name: parsed manifest}. Returns a list of problems (empty when fine)."""
    problems = []
    by_type = {}
    for name, doc in sorted(docs.items()):
        if not isinstance(doc, dict):
            problems.append(f"{name}: not a mapping")
            continue
        kind = doc.get("ManifestType")
        if kind not in ("version", "installer", "defaultLocale", "locale"):
            problems.append(f"{name}: unknown ManifestType {kind!r}")
            continue
        sub = dict(schema)
        sub.pop("oneOf")
        sub["$ref"] = f"#/$defs/{kind}"
        for e in jsonschema.Draft202012Validator(sub).iter_errors(doc):
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            problems.append(f"{name}: {where}: {e.message}")
        by_type.setdefault(kind, []).append((name, doc))
    for kind in ("version", "installer", "defaultLocale"):
        if len(by_type.get(kind, [])) != 1:
            problems.append(f"expected one {kind} manifest, found {len(by_type.get(kind, []))}")
    if problems:
        return problems
    ids = {(d["PackageIdentifier"], d["PackageVersion"]) for ds in by_type.values() for _, d in ds}
    if len(ids) != 1:
        problems.append(f"the manifests disagree on identifier and version: {sorted(ids)}")
    version = by_type["version"][0][1]
    default = by_type["defaultLocale"][0][1]
    if version["DefaultLocale"] != default["PackageLocale"]:
        problems.append(f"DefaultLocale {version['DefaultLocale']} has no defaultLocale manifest")
    inst = by_type["installer"][0][1]["Installers"]
    kinds = sorted((i["InstallerType"], i["Scope"]) for i in inst)
    if kinds != [("msi", "machine"), ("nullsoft", "user")]:
        problems.append(f"expected the setup program per user and the MSI per machine, found {kinds}")
    if installers_dir:
        for i in inst:
            file = os.path.join(installers_dir, i["InstallerUrl"].rsplit("/", 1)[-1])
            if not os.path.isfile(file):
                problems.append(f"{i['InstallerUrl']}: no such installer in {installers_dir}")
                continue
            with open(file, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            if digest.upper() != i["InstallerSha256"].upper():
                problems.append(f"{os.path.basename(file)}: InstallerSha256 is not the file's hash")
            if i["InstallerType"] == "msi":
                props = msi_properties(file)
                if i.get("ProductCode") != props.get("ProductCode"):
                    problems.append(f"ProductCode {i.get('ProductCode')} is not the MSI's {props.get('ProductCode')}")
                for entry in i.get("AppsAndFeaturesEntries", []):
                    if entry.get("UpgradeCode") != props.get("UpgradeCode"):
                        problems.append(f"UpgradeCode {entry.get('UpgradeCode')} is not the MSI's {props.get('UpgradeCode')}")
                if props.get("ProductVersion") != version["PackageVersion"]:
                    problems.append(f"the MSI is version {props.get('ProductVersion')}, the manifest {version['PackageVersion']}")
    return problems


def load(dir):
    docs = {}
    for name in sorted(os.listdir(dir)):
        if name.endswith(".yaml"):
            with open(os.path.join(dir, name), encoding="utf-8") as f:
                docs[name] = yaml.safe_load(f)
    return docs


if args and args[0] == "--self-test":
    mdir, idir = args[1], args[2]
    good = load(mdir)
    assert not check(good, idir), check(good, idir)
    def installer(d):
        return next(v for v in d.values() if v["ManifestType"] == "installer")
    def msi(d):
        return next(i for i in installer(d)["Installers"] if i["InstallerType"] == "msi")
    def setup(d):
        return next(i for i in installer(d)["Installers"] if i["InstallerType"] == "nullsoft")
    breaks = {
        "a missing Scope": lambda d: msi(d).pop("Scope"),
        "a misspelt field": lambda d: setup(d).update(Scop="user"),
        "a hash that is not hex": lambda d: setup(d).update(InstallerSha256="xyz"),
        "the setup program's hash on the MSI": lambda d: msi(d).update(InstallerSha256=setup(d)["InstallerSha256"]),
        "another ProductCode": lambda d: msi(d).update(ProductCode="{00000000-0000-0000-0000-000000000000}"),
        "only one installer": lambda d: installer(d)["Installers"].remove(setup(d)),
        "the MSI per user": lambda d: msi(d).update(Scope="user"),
        "another ManifestVersion": lambda d: installer(d).update(ManifestVersion="1.5.0"),
        "a URL that is not http(s)": lambda d: setup(d).update(InstallerUrl="ftp://x/y.exe"),
        "no License": lambda d: next(v for v in d.values() if v["ManifestType"] == "defaultLocale").pop("License"),
        "another version in one file": lambda d: installer(d).update(PackageVersion="9.9.9"),
    }
    for what, damage in breaks.items():
        d = copy.deepcopy(good)
        damage(d)
        if not check(d, idir):
            print(f"error: check-winget self-test: {what} was not caught", file=sys.stderr)
            sys.exit(1)
    print(f"winget manifest check self-test: all {len(breaks)} broken copies caught")
    sys.exit(0)

if not args:
    print("usage: scripts/check-winget.sh MANIFEST_DIR [INSTALLERS_DIR]", file=sys.stderr)
    sys.exit(2)
docs = load(args[0])
problems = check(docs, args[1] if len(args) > 1 else None)
if problems:
    for p in problems:
        print(f"error: winget manifest: {p}", file=sys.stderr)
    sys.exit(1)
print(f"winget manifests: {len(docs)} files valid (schema 1.6.0), both installers with their scopes"
      + (", hashes and MSI codes match the files" if len(args) > 1 else ""))
PY
