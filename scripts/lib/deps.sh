# shellcheck shell=bash
# System and Python dependencies for scripts/test. Sourced, not executed.
# Each step is a no-op when its dependency is already present, so a warm machine pays
# only a few dpkg/pip look-ups.

# deps::apt PACKAGE... — install the Debian packages that are not installed yet.
# `apt-get update` runs only when something is missing (it costs ~10 s and needs the network).
deps::apt() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "==> installing Debian packages: ${missing[*]}"
  local start=$SECONDS
  # Explicit `|| return`: callers may run this inside `if`/`&&`, where `set -e` is off.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null || {
    echo "error: apt-get install ${missing[*]} failed" >&2
    return 1
  }
  echo "    done in $((SECONDS - start)) s"
}

# deps::pg_bindir — print the bin folder of the newest installed PostgreSQL server
# (Debian keeps initdb/pg_ctl in /usr/lib/postgresql/<version>/bin, off PATH).
deps::pg_bindir() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null \
        | sed 's|/pg_ctl$||' | sort -V | tail -n 1)
  [[ -n "$dir" && -x "$dir/initdb" ]] || { echo "error: no PostgreSQL server found under /usr/lib/postgresql" >&2; return 1; }
  printf '%s\n' "$dir"
}

# deps::free_port — print a TCP port that is free on 127.0.0.1 right now.
deps::free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# deps::venv ROOT — create ROOT/e2e/.venv and install ROOT/e2e/requirements.txt into it.
# Reinstalls only when requirements.txt changed since the last successful install.
deps::venv() {
  local venv="$1/e2e/.venv" req="$1/e2e/requirements.txt"
  local stamp="$venv/.requirements.sha256" want
  want=$(sha256sum "$req" | cut -d' ' -f1)
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "==> preparing Python test environment in e2e/.venv"
  local py=${PYTHON:-python3}
  # A venv left by an older or broken install: start over rather than patch it.
  [[ -x "$venv/bin/python" ]] && ! "$venv/bin/python" -c '' 2>/dev/null && rm -rf "$venv"
  if [[ ! -x "$venv/bin/python" ]]; then
    "$py" -m venv "$venv" || {
      # Debian's system python3 lacks ensurepip until python3-venv is installed.
      deps::apt python3-venv && "$py" -m venv "$venv"
    } || return 1
  fi
  # Explicit `|| return`: callers may run this inside `if`/`||`, where `set -e` is off.
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" || {
    echo "error: pip could not install e2e/requirements.txt" >&2
    return 1
  }
  printf '%s\n' "$want" >"$stamp"
}
