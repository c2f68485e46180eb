#!/usr/bin/env bash
# One-step set-up on a fresh Debian 12 machine (as root), from the repository root or anywhere:
#   bash packaging/setup.sh app [APP ARGS...]   install, then start the app (Sandbox by default)
#   bash packaging/setup.sh test [PYTEST ARGS...] install, then ruff, mypy strict, import contracts,
#                                                 the bundle (if its sources changed), pytest
#   bash packaging/setup.sh bundle                install, then build the one-folder app at
#                                                 dist/migration-assistant/ (packaging/README.md)
# It installs only what is missing, so running it again is fast.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-app}"
shift || true

# Qt offscreen needs these (measured: shared/facts/qt-keyring-mariadb.md); fonts for readable text.
qt_runtime=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
            libxkbcommon0 fonts-dejavu-core)
# A real window (xcb), and Xvfb for machines without a display.
qt_window=(xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
           libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
           libxkbcommon-x11-0)
# A real keyring (Secret Service) and the D-Bus session it lives on.
keyring_service=(gnome-keyring dbus dbus-bin)
python_build=(python3 python3-venv python3-dev)
# PyInstaller reads shared libraries' dependencies with objdump and strips them (binutils).
bundle_build=(binutils)

case "$what" in
  app) packages=("${python_build[@]}" "${qt_runtime[@]}" "${qt_window[@]}" "${keyring_service[@]}") ;;
  # The tests also start throwaway MariaDB servers (shared/facts/qt-keyring-mariadb.md).
  test) packages=("${python_build[@]}" "${qt_runtime[@]}" "${qt_window[@]}" "${keyring_service[@]}"
                  mariadb-server mariadb-client "${bundle_build[@]}" desktop-file-utils appstream) ;;
  bundle) packages=("${python_build[@]}" "${qt_runtime[@]}" "${bundle_build[@]}") ;;
  *) echo "usage: bash packaging/setup.sh app|test|bundle [ARGS...]" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages into .venv ..." >&2
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip \
         && .venv/bin/python -m pip install --disable-pip-version-check -e ".[test,bundle]"; } \
       >.venv/pip-install.log 2>&1; then
    tail -n 30 .venv/pip-install.log >&2
    echo "Installing the Python packages failed; the whole log is in .venv/pip-install.log" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Run inside a private D-Bus session with an unlocked keyring, so secrets go to a real
# Secret Service exactly as on a desktop (the password only unlocks this throwaway keyring).
with_keyring() {
  local keyring_home
  keyring_home=$(mktemp -d)
  XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c \
    'printf "throwaway" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' \
    sh "$@"
}

# The one-folder app, rebuilt only when what goes into it changed (a hash of the project file,
# the spec and the sources, kept next to the bundle).
bundle_stamp=dist/.migration-assistant.sources
build_bundle() {
  local sources
  sources=$(find pyproject.toml README.md packaging core gui -type f \( -name '*.py' -o -name '*.spec' \
              -o -name '*.toml' -o -name '*.md' -o -path 'gui/resources/*' \) -not -path '*/__pycache__/*' \
            | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
  if [ -x dist/migration-assistant/migration-assistant ] && [ -f "$bundle_stamp" ] \
     && [ "$(cat "$bundle_stamp")" = "$sources" ]; then
    echo "The bundle in dist/migration-assistant/ is up to date." >&2
    return
  fi
  echo "Building the bundle dist/migration-assistant/ (about a minute) ..." >&2
  rm -f "$bundle_stamp"
  local started=$SECONDS
  mkdir -p build
  if ! .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
         --workpath build/pyinstaller packaging/migration-assistant.spec >build/pyinstaller.log 2>&1; then
    tail -n 30 build/pyinstaller.log >&2
    echo "Building the bundle failed; the whole log is in build/pyinstaller.log" >&2
    exit 1
  fi
  echo "$sources" >"$bundle_stamp"
  echo "Built dist/migration-assistant/ in $((SECONDS - started)) s: start it with" \
       "dist/migration-assistant/migration-assistant" >&2
}

if [ "$what" = bundle ]; then
  build_bundle
  exit 0
fi

if [ "$what" = app ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting the app on a virtual screen (xvfb-run). To see it, run this" >&2
    echo "on a desktop, or save a picture: bash packaging/setup.sh app --screenshot shot.png" >&2
    exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/migration-assistant "$@"
  fi
  exec .venv/bin/migration-assistant "$@"
fi

# The real AWS CLI, in a virtual environment of its own (it pins its own botocore), for the
# tests that paste the commands the app shows into bash.
aws_cli_version=1.46.3
if [ ! -x .tools/awscli/bin/aws ] || ! .tools/awscli/bin/aws --version 2>&1 | grep -q "aws-cli/$aws_cli_version "; then
  echo "Installing the AWS CLI $aws_cli_version into .tools/awscli ..." >&2
  python3 -m venv .tools/awscli
  .tools/awscli/bin/python -m pip install --disable-pip-version-check -q "awscli==$aws_cli_version" \
    >.tools/awscli-install.log 2>&1 || { tail -n 20 .tools/awscli-install.log >&2; exit 1; }
fi
export MIGRATION_ASSISTANT_TEST_AWS_CLI="$PWD/.tools/awscli/bin/aws"

export QT_QPA_PLATFORM=offscreen
echo "== ruff" >&2
.venv/bin/ruff check .
echo "== mypy (strict)" >&2
.venv/bin/mypy
echo "== import contracts (core is Qt-free)" >&2
.venv/bin/lint-imports
echo "== bundle (tests/packaging smoke-tests it)" >&2
build_bundle
echo "== pytest" >&2
# Two workers, a test file per worker at a time (module fixtures such as the tour stay one).
with_keyring .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
