#!/usr/bin/env bash
# Debian packages Gabinete needs besides Python 3.11: WeasyPrint's libraries and fonts, poppler
# (PDF text in tests), Chromium (browser tests), the LDAP and SASL headers python-ldap compiles against
# (before `make venv`) and OpenLDAP's slapd with its tools (the directory sign-in tests start their own
# on 127.0.0.1, never the system's). Installs them with apt-get when run as root;
# otherwise prints the exact command to run and fails. Extra packages may be named as arguments
# (`make bench` asks for wrk).
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium python3-venv
  slapd ldap-utils libldap2-dev libsasl2-dev "$@")
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# python3-venv is only needed when the system Python lacks venv (pyenv and python.org builds have it).
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Instalando paquetes del sistema: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Faltan paquetes del sistema: ${missing[*]}" >&2
  echo "Instálelos con:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
