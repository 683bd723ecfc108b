#!/usr/bin/env bash
# CI only: installs the restic and rest-server release binaries for this runner (Linux, macOS or
# Windows; x86-64 or arm64) from their GitHub releases, checks them against each release's SHA256SUMS,
# and exports INSTANCE_SYNC_TEST_RESTIC and INSTANCE_SYNC_TEST_REST_SERVER through $GITHUB_ENV.
# Local machines use scripts/install-tools.sh (Debian packages) instead.
#   RESTIC_VERSION=0.19.1 REST_SERVER_VERSION=0.14.0 bash .github/scripts/install-test-tools.sh
set -euo pipefail
restic_version=${RESTIC_VERSION:?set RESTIC_VERSION}
rest_server_version=${REST_SERVER_VERSION:?set REST_SERVER_VERSION}

case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS*) os=windows ;;
  *) echo "install-test-tools: unsupported OS ${RUNNER_OS:-$(uname -s)}" >&2; exit 1 ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) echo "install-test-tools: unsupported architecture ${RUNNER_ARCH:-$(uname -m)}" >&2; exit 1 ;;
esac
exe=""
[[ $os == windows ]] && exe=.exe

# Work in one folder with relative names: GNU tar in Git Bash reads "D:\..." as a remote host.
base=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
[[ $os == windows ]] && base=$(cygpath -u "$base")
dest="$base/instance-sync-test-tools"
mkdir -p "$dest"
cd "$dest"

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | awk '{print $1}'
}

# fetch <release base url> <asset>: downloads the asset and its release's SHA256SUMS, then verifies it.
fetch() {
  local url=$1 asset=$2 want got
  curl -fsSL --retry 3 -o "$asset" "$url/$asset"
  curl -fsSL --retry 3 -o SHA256SUMS "$url/SHA256SUMS"
  want=$(awk -v f="$asset" '$2 == f || $2 == "*" f {print $1}' SHA256SUMS)
  got=$(sha256 "$asset")
  if [[ -z $want || $want != "$got" ]]; then
    echo "install-test-tools: checksum mismatch for $asset (want '${want:-missing}', got '$got')" >&2
    exit 1
  fi
}

# restic: a .bz2 of the binary, or a .zip holding one .exe on Windows (amd64 only).
restic_url="https://github.com/restic/restic/releases/download/v$restic_version"
if [[ $os == windows ]]; then
  asset="restic_${restic_version}_windows_amd64.zip"
  fetch "$restic_url" "$asset"
  powershell -NoProfile -Command "Expand-Archive -Force -LiteralPath '$asset' -DestinationPath restic-zip"
  mv "restic-zip/restic_${restic_version}_windows_amd64.exe" restic.exe
  rm -rf restic-zip
else
  asset="restic_${restic_version}_${os}_${arch}.bz2"
  fetch "$restic_url" "$asset"
  bunzip2 -c "$asset" >restic
  chmod +x restic
fi

# rest-server: a .tar.gz (on every OS) wrapping rest-server_<ver>_<os>_<arch>/rest-server[.exe].
rs_url="https://github.com/restic/rest-server/releases/download/v$rest_server_version"
asset="rest-server_${rest_server_version}_${os}_${arch}.tar.gz"
fetch "$rs_url" "$asset"
tar -xzf "$asset"
mv "rest-server_${rest_server_version}_${os}_${arch}/rest-server$exe" "rest-server$exe"
chmod +x "rest-server$exe"

"./restic$exe" version
"./rest-server$exe" --version

native() { if [[ $os == windows ]]; then cygpath -w "$1"; else printf '%s\n' "$1"; fi; }
if [[ -n ${GITHUB_ENV:-} ]]; then
  echo "INSTANCE_SYNC_TEST_RESTIC=$(native "$dest/restic$exe")" >>"$GITHUB_ENV"
  echo "INSTANCE_SYNC_TEST_REST_SERVER=$(native "$dest/rest-server$exe")" >>"$GITHUB_ENV"
else
  echo "INSTANCE_SYNC_TEST_RESTIC=$(native "$dest/restic$exe")"
  echo "INSTANCE_SYNC_TEST_REST_SERVER=$(native "$dest/rest-server$exe")"
fi
