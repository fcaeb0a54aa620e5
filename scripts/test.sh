#!/usr/bin/env bash
# Runs every test: unit, API and browser tests on SQLite, then the API tests again on PostgreSQL, then the unit and API
# tests on SQLite with the machine's clock and the tests' clock set to awkward moments (libfaketime).
# Installs and starts PostgreSQL, and installs Chromium, nginx and faketime, where they are missing (Debian; needs root or sudo).
# VORONKA_TEST_MOMENTS overrides those moments: UTC times "YYYY-MM-DD HH:MM:SS" separated by commas.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else sudo -u postgres "$@"; fi
}

ensure_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    echo "== installing PostgreSQL"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  local version cluster
  read -r version cluster _ < <(pg_lsclusters -h | head -n1)
  if ! pg_lsclusters -h | head -n1 | grep -q online; then
    echo "== starting PostgreSQL $version/$cluster"
    $SUDO pg_ctlcluster "$version" "$cluster" start
  fi
  for _ in $(seq 1 30); do
    if as_postgres psql -qtAc "'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  as_postgres psql -qtA >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'voronka') THEN
    CREATE ROLE voronka LOGIN PASSWORD 'voronka' CREATEDB;
  END IF;
END $$;
SQL
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "== installing Chromium"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
}

ensure_nginx() {
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "== installing nginx"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
  fi
}

ensure_faketime() {
  if ! command -v faketime >/dev/null 2>&1; then
    echo "== installing faketime"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq faketime >/dev/null
  fi
}

ensure_postgres
ensure_chromium
ensure_nginx
ensure_faketime
export PATH="$PATH:/usr/sbin"
export VORONKA_TEST_POSTGRES="${VORONKA_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=voronka;Password=voronka}"

dotnet build Voronka.slnx -c Release -nologo -v quiet

echo "== tests on SQLite"
VORONKA_TEST_PROVIDER=Sqlite dotnet test tests/Voronka.Tests -c Release --no-build -nologo

echo "== tests on PostgreSQL"
VORONKA_TEST_PROVIDER=Postgres dotnet test tests/Voronka.Tests -c Release --no-build -nologo --filter "FullyQualifiedName!~Voronka.Tests.Browser"

# 09:00 on the first working Monday of 2027, and a quarter of an hour before the New Year in Moscow (23:45 there).
# Only the test host runs on the faked clock (the runner's own timeouts stay real); its monotonic clock is left alone.
IFS=',' read -r -a moments <<< "${VORONKA_TEST_MOMENTS:-2027-01-11 09:00:00,2026-12-31 20:45:00}"
faketime_lib=$(dpkg -L libfaketime | grep '/libfaketime.so.1$' | head -n1)
settings=$(mktemp --suffix=.runsettings)
trap 'rm -f "$settings"' EXIT
for moment in "${moments[@]}"; do
  echo "== tests on SQLite at $moment UTC"
  cat > "$settings" <<XML
<RunSettings><RunConfiguration><EnvironmentVariables>
  <LD_PRELOAD>$faketime_lib</LD_PRELOAD>
  <FAKETIME>@$moment</FAKETIME>
  <FAKETIME_DONT_FAKE_MONOTONIC>1</FAKETIME_DONT_FAKE_MONOTONIC>
  <FAKETIME_FORCE_MONOTONIC_FIX>0</FAKETIME_FORCE_MONOTONIC_FIX>
  <TZ>UTC</TZ>
  <VORONKA_TEST_NOW>${moment/ /T}Z</VORONKA_TEST_NOW>
</EnvironmentVariables></RunConfiguration></RunSettings>
XML
  VORONKA_TEST_PROVIDER=Sqlite dotnet test tests/Voronka.Tests -c Release --no-build -nologo --settings "$settings" \
    --filter "FullyQualifiedName!~Voronka.Tests.Browser"
done
