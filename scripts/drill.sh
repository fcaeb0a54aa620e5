#!/usr/bin/env bash
# The fault drill: two instances behind nginx (deploy/nginx/voronka.conf) on one PostgreSQL with the demo company,
# managers working through the proxy the whole time (bench/Voronka.Bench load --drill), and meanwhile:
#   instance 1 SIGKILLed, then started again; PostgreSQL restarted; instance 2 SIGKILLed, then started again.
# Then `verify` recounts every kept figure from the rows. Fails when an answer was a 500 or another error than
# "try again" (502 from the proxy for a write cut by a kill, 503 from the app while the database is away), or when a
# kept figure differs from its recount.
# Needs PostgreSQL (local cluster, role voronka/voronka with CREATEDB) and nginx: scripts/test.sh installs both.
# DRILL_SECONDS sets the length of the run (default 120).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin"

SECONDS_TOTAL="${DRILL_SECONDS:-120}"
DB=voronka_drill
PG="Host=127.0.0.1;Username=voronka;Password=voronka;Database=$DB"
WORK="$(mktemp -d /tmp/voronka-drill.XXXXXX)"
chmod 777 "$WORK"
APP=src/Voronka.Web/bin/Release/net10.0/Voronka.Web.dll
BENCH=bench/Voronka.Bench/bin/Release/net10.0/Voronka.Bench.dll
read -r PG_VERSION PG_CLUSTER _ < <(pg_lsclusters -h | head -n1)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build src/Voronka.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Voronka.Bench -c Release -v q -nologo >/dev/null

echo "== a new database $DB with the demo company"
psql "host=127.0.0.1 user=voronka password=voronka dbname=postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql "host=127.0.0.1 user=voronka password=voronka dbname=postgres" -qc "CREATE DATABASE $DB"
dotnet "$APP" migrate --Database:Provider=Postgres "--ConnectionStrings:Voronka=$PG" >/dev/null

instance() { # instance N [more arguments]: starts instance N on port 500N, its log in $WORK/appN.log
  local n=$1; shift
  Database__Provider=Postgres ConnectionStrings__Voronka="$PG" Database__MigrateOnStartup=false \
    Storage__Path="$WORK/files" ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$APP" --urls "http://127.0.0.1:500$n" "$@" >>"$WORK/app$n.log" 2>&1 &
  PIDS[$n]=$!
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:500$n/health/ready" >/dev/null 2>&1; then echo "   instance $n ready (pid ${PIDS[$n]})"; return; fi
    sleep 0.5
  done
  echo "instance $n did not start:"; tail -n 30 "$WORK/app$n.log"; exit 1
}

echo "== two instances and nginx"
instance 1 --demo --Demo:Password=drill-pass-1
instance 2
cp deploy/nginx/voronka.conf "$WORK/voronka.conf"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 512; }
http {
    access_log $WORK/access.log;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    include $WORK/voronka.conf;
}
EOF
nginx -p "$WORK" -c "$WORK/nginx.conf"

echo "== managers working through the proxy for $SECONDS_TOTAL s"
dotnet "$BENCH" load --provider Postgres --connection "$PG" --url http://127.0.0.1:8080 --users 6 --rate 30 \
  --seconds "$SECONDS_TOTAL" --warm-up 5 --drill true --out "$WORK/drill.md" >"$WORK/load.log" 2>&1 &
LOAD=$!
step=$((SECONDS_TOTAL / 7))
sleep $((step + 5))
echo "== SIGKILL instance 1";  kill -9 "${PIDS[1]}"; sleep "$step"
echo "== instance 1 again";    instance 1; sleep "$step"
echo "== PostgreSQL restarted"; pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart; sleep "$step"
echo "== SIGKILL instance 2";  kill -9 "${PIDS[2]}"; sleep "$step"
echo "== instance 2 again";    instance 2
status=0
wait "$LOAD" || status=$?
cat "$WORK/load.log"

echo "== verify"
dotnet "$APP" verify --Database:Provider=Postgres "--ConnectionStrings:Voronka=$PG" || status=1
if grep -q "Unhandled" "$WORK"/app*.log; then echo "an unhandled error in an instance's log ($WORK)"; status=1; fi
echo "== logs and the report: $WORK"
exit "$status"
