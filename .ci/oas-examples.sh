#!/usr/bin/env bash
# ReadMe's OpenAPI examples (npm package @readme/oas-examples, pinned and checksummed,
# fetched into target/, never committed): 53 small OpenAPI 3.0 and 3.1 specs that each
# exercise one corner of the format (parameter styles, polymorphism, circular schemas,
# webhooks, status codes...). Every one must generate, and the output of all of them,
# compiled as the modules of one crate with `#![deny(warnings)]`, must be clippy-clean.
# Run by .ci/run from the repository root; exits 0 with a message when npm cannot fetch it.
set -euo pipefail

dir=target/ci/oas-examples
tgz=readme-oas-examples-8.2.2.tgz
sha=df951ee87b5b069c86148bf5bbf3923d6cfd27fb95a45aacb95f06b31f604241
mkdir -p "$dir"
if ! [ -f "$dir/$tgz" ] && ! (command -v npm >/dev/null && cd "$dir" && timeout 300 npm pack --silent @readme/oas-examples@8.2.2 >/dev/null 2>&1); then
  echo "==> oas-examples skipped: npm could not fetch @readme/oas-examples@8.2.2"
  exit 0
fi
echo "$sha  $dir/$tgz" | sha256sum -c -
rm -rf "$dir/package" "$dir/out"
tar xzf "$dir/$tgz" -C "$dir"
check="$dir/out/check"
mkdir -p "$check/src"
lib="$check/src/lib.rs"
echo '//! Every oas-examples spec'"'"'s generated modules (`.ci/oas-examples.sh`).' > "$lib"
echo '#![deny(warnings)]' >> "$lib"
root=$PWD
count=0
for spec in "$dir"/package/3.0/json/*.json "$dir"/package/3.1/json/*.json; do
  version=$(basename "$(dirname "$(dirname "$spec")")" | tr . _)
  name="$version-$(basename "$spec" .json)"
  out="$dir/out/$name"
  if ! cargo xtask gen --spec "$spec" --out "$out" --name "oas-$name" \
    --runtime path=crates/runtime > "$out.log" 2>&1; then
    cat "$out.log"
    echo "oas-examples: $spec did not generate"
    exit 1
  fi
  module="m_$(tr -- '-' '_' <<<"$name")"
  {
    echo "pub mod $module {"
    echo "    #[path = \"$root/$out/src/client.rs\"] pub mod client;"
    echo "    #[path = \"$root/$out/src/models.rs\"] pub mod models;"
    echo "    #[path = \"$root/$out/src/validate.rs\"] mod validate;"
    echo "}"
  } >> "$lib"
  count=$((count + 1))
done
[ "$count" -ge 50 ] || { echo "expected the oas-examples specs, found $count"; exit 1; }
cat > "$check/Cargo.toml" <<TOML
[package]
name = "oas-examples-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
specforge-runtime = { path = "$root/crates/runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
TOML
cp Cargo.lock "$check/"
echo "oas-examples: $count specs generated; clippy -D warnings on all of their modules"
(cd "$check" && CARGO_TARGET_DIR="$root/target" cargo clippy --quiet -- -D warnings)
