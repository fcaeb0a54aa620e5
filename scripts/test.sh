#!/usr/bin/env bash
# Runs every test: unit, API and browser tests on SQLite, then the API tests again on PostgreSQL.
# Installs and starts PostgreSQL, and installs Chromium, where they are missing (Debian; needs root or sudo).
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

ensure_postgres
ensure_chromium
export VORONKA_TEST_POSTGRES="${VORONKA_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=voronka;Password=voronka}"

dotnet build Voronka.slnx -c Release -nologo -v quiet

echo "== tests on SQLite"
VORONKA_TEST_PROVIDER=Sqlite dotnet test tests/Voronka.Tests -c Release --no-build -nologo

echo "== tests on PostgreSQL"
VORONKA_TEST_PROVIDER=Postgres dotnet test tests/Voronka.Tests -c Release --no-build -nologo --filter "FullyQualifiedName!~Voronka.Tests.Browser"
