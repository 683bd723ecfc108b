#!/usr/bin/env bash
# Installs the project's tools into ignored folders of the checkout, without touching the system:
#   .tools/deno      Deno (pinned), from the npm registry
#   .cache/restic    restic and rest-server from Debian's archive (suite sid), for tests
# Safe to run again: every step is skipped when its result is already present.
#   --test-tools-only   restic and rest-server only (Deno is already on PATH; scripts/test.sh uses it)
set -euo pipefail
test_tools_only=false
[[ ${1:-} == --test-tools-only ]] && test_tools_only=true
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

DENO_VERSION=2.9.6
RESTIC_WANT=0.19
tools="$root/.tools"
cache="$root/.cache/restic"

# --- Deno -------------------------------------------------------------------------------------
deno_bin="$tools/node_modules/.bin/deno"
if $test_tools_only; then
  echo "install-tools: Deno skipped (--test-tools-only)" >&2
elif [[ ! -x "$deno_bin" ]] || ! "$deno_bin" --version 2>/dev/null | grep -q "deno $DENO_VERSION"; then
  echo "install-tools: installing Deno $DENO_VERSION from npm into .tools/" >&2
  mkdir -p "$tools"
  (cd "$tools" && [[ -f package.json ]] || echo '{"private":true}' >"$tools/package.json")
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "deno@$DENO_VERSION" >&2
fi
$test_tools_only || "$deno_bin" --version | head -1 >&2

# --- restic + rest-server (tests only) ----------------------------------------------------------
if [[ -x "$cache/usr/bin/restic" && -x "$cache/usr/bin/restic-rest-server" ]] &&
  "$cache/usr/bin/restic" version | grep -q "restic $RESTIC_WANT"; then
  echo "install-tools: restic and rest-server already in .cache/restic" >&2
else
  echo "install-tools: fetching restic and rest-server from Debian sid into .cache/restic" >&2
  # The mirror comes from this machine's own apt configuration; no registry host lives in the repo.
  mirror=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    mirror=$(awk '/^URIs:/ {print $2; exit}' "$f")
    [[ -n $mirror ]] && break
  done
  if [[ -z $mirror && -f /etc/apt/sources.list ]]; then
    mirror=$(awk '$1=="deb" {print $2; exit}' /etc/apt/sources.list)
  fi
  [[ -n $mirror ]] || { echo "install-tools: no Debian mirror found in /etc/apt" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
  echo "deb [trusted=yes] $mirror sid main" >"$tmp/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache::Archives=$tmp/archives"
    -o "Dir::Cache=$tmp" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" -qq update >&2
  (cd "$tmp" && apt-get "${apt_opts[@]}" -qq download restic restic-rest-server >&2)
  mkdir -p "$cache"
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$cache"; done
fi
"$cache/usr/bin/restic" version >&2
"$cache/usr/bin/restic-rest-server" --version >&2 || true

# --- Xvfb, xterm, xdotool (the dialog-window tests), tmux (the terminal tests), chromium (the ---
# --- browser-page tests) ---------------------------------------------------------------------------
# These go through the system's apt (as root, or with passwordless sudo) rather than being unpacked
# into .cache like restic: Xvfb runs xkbcomp from its compiled-in /usr/bin and links against the
# system's own X and GL libraries, so a copy unpacked elsewhere does not start. Without them the window
# tests are ignored with a printed reason; everything else still runs.
x_tools_missing() {
  ! command -v Xvfb >/dev/null || ! command -v xterm >/dev/null || ! command -v xdotool >/dev/null ||
    ! command -v tmux >/dev/null || ! command -v chromium >/dev/null
}
if x_tools_missing && [[ $(uname -s) == Linux ]] && command -v apt-get >/dev/null; then
  sudo_cmd=()
  if [[ $(id -u) != 0 ]]; then sudo -n true 2>/dev/null && sudo_cmd=(sudo -n); fi
  if [[ $(id -u) == 0 || ${#sudo_cmd[@]} -gt 0 ]]; then
    echo "install-tools: installing xvfb, xterm, xdotool, tmux and chromium with apt-get (window, terminal and browser tests)" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Not fatal: without them those tests are ignored with a printed reason, everything else runs.
    { "${sudo_cmd[@]}" apt-get -qq update >&2 &&
      "${sudo_cmd[@]}" apt-get -qq install -y --no-install-recommends xvfb xterm xdotool tmux >&2; } ||
      echo "install-tools: apt-get could not install the X tools or tmux" >&2
    "${sudo_cmd[@]}" apt-get -qq install -y --no-install-recommends chromium >&2 ||
      echo "install-tools: apt-get could not install chromium (the browser-page tests will be ignored)" >&2
  fi
fi
if x_tools_missing; then
  echo "install-tools: Xvfb, xterm, xdotool, tmux or chromium missing (needs root or sudo): those tests will be ignored" >&2
else
  echo "install-tools: Xvfb, xterm, xdotool, tmux and chromium present" >&2
fi

# --- rclone and OpenSSH (the rclone: and sftp: location tests) ------------------------------------
# Debian's rclone and openssh-server through the system's apt, as above: the location tests start a
# real `rclone serve webdav` and a real unprivileged sshd on 127.0.0.1. Without them those tests are
# ignored with a printed reason; everything else still runs.
location_tools_missing() {
  ! command -v rclone >/dev/null || ! command -v ssh >/dev/null || ! command -v ssh-keygen >/dev/null ||
    { [[ ! -x /usr/sbin/sshd ]] && ! command -v sshd >/dev/null; }
}
if location_tools_missing && [[ $(uname -s) == Linux ]] && command -v apt-get >/dev/null; then
  sudo_cmd=()
  if [[ $(id -u) != 0 ]]; then sudo -n true 2>/dev/null && sudo_cmd=(sudo -n); fi
  if [[ $(id -u) == 0 || ${#sudo_cmd[@]} -gt 0 ]]; then
    echo "install-tools: installing rclone and openssh-server with apt-get (location tests)" >&2
    export DEBIAN_FRONTEND=noninteractive
    { "${sudo_cmd[@]}" apt-get -qq update >&2 &&
      "${sudo_cmd[@]}" apt-get -qq install -y --no-install-recommends rclone openssh-server openssh-client >&2; } ||
      echo "install-tools: apt-get could not install rclone or openssh-server" >&2
  fi
fi
if location_tools_missing; then
  echo "install-tools: rclone, ssh or sshd missing (needs root or sudo): the location tests will be ignored" >&2
else
  echo "install-tools: rclone, ssh and sshd present" >&2
fi
