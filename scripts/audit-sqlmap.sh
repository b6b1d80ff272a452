#!/usr/bin/env bash
# SQL-injection audit of the portal's PUBLIC endpoints with Debian's sqlmap.
#
#   npm run audit:sqlmap            (or: bash scripts/audit-sqlmap.sh)
#
# Not part of CI: it takes several minutes (about 6 on a 2-core machine) and writes thousands of
# rows. It starts its own portal
# on a free port against a throwaway database, seeds what sqlmap needs (a report and its tracking
# code, an Open311 api_key, an Open311 request), runs sqlmap once per endpoint, prints a table and
# exits 1 when any parameter is injectable (0 when none is, 2 when the audit could not run).
#
# Settings (environment):
#   DATABASE_URL         a PostgreSQL to use AS IS (must be a database you can throw away: the run
#                        inserts thousands of reports). Unset: a throwaway database is created on
#                        the local PostgreSQL (psql -h 127.0.0.1 -U postgres) and dropped after;
#                        when that is not reachable, the portal's embedded PostgreSQL runs in a
#                        temporary folder that is removed after.
#   AUDIT_EMBEDDED=1     skip the local PostgreSQL and use the embedded one
#   ADMIN_PASSWORD       the admin's password when DATABASE_URL already has an admin account
#   SQLMAP_LEVEL / SQLMAP_RISK / SQLMAP_THREADS / SQLMAP_TECHNIQUE   (3 / 2 / 4 / BEUST)
#   AUDIT_TARGETS        comma-separated target names to run (default: all; names in the table)
#   AUDIT_LOG_DIR        where logs go (default var/audit-sqlmap/<time>, var/ is git-ignored)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
START_EPOCH=$(date +%s)

LEVEL=${SQLMAP_LEVEL:-3}
RISK=${SQLMAP_RISK:-2}
THREADS=${SQLMAP_THREADS:-4}
TECHNIQUE=${SQLMAP_TECHNIQUE:-BEUST}
ONLY=${AUDIT_TARGETS:-}

say() { printf '[audit:sqlmap] %s\n' "$*" >&2; }
die() {
  say "ERROR: $*"
  exit 2
}

# --- sqlmap ---------------------------------------------------------------------------------
# Debian packages it; nothing else may be downloaded here, so no pip or git checkout fallback.
ensure_sqlmap() {
  command -v sqlmap >/dev/null 2>&1 && return 0
  say "sqlmap not found; installing Debian's package …"
  export DEBIAN_FRONTEND=noninteractive
  local -a apt=(apt-get)
  # Root installs directly; anyone else may have password-less sudo (-n never prompts).
  if [ "$(id -u)" != 0 ]; then apt=(sudo -n apt-get); fi
  # A fresh machine may have no package lists yet, so one `apt-get update` is tried after a miss.
  "${apt[@]}" install -y sqlmap >&2 ||
    { "${apt[@]}" update >&2 && "${apt[@]}" install -y sqlmap >&2; } ||
    true
  if ! command -v sqlmap >/dev/null 2>&1; then
    say "sqlmap could not be installed: it needs root (or password-less sudo) and Debian's package"
    say "repositories. Install it with 'apt-get install sqlmap' as root and run this again."
    exit 2
  fi
}

# --- helpers --------------------------------------------------------------------------------
# Node is always here (this is a Node project), so it parses JSON instead of assuming jq.
json_get() { # json_get '<json>' 'path.to.field'
  node -e '
    let v = JSON.parse(process.argv[1]);
    for (const k of process.argv[2].split(".")) v = v == null ? undefined : v[k];
    if (v === undefined || v === null) process.exit(1);
    process.stdout.write(String(v));
  ' "$1" "$2"
}
# sqlmap refuses any argument holding a full-width comma (U+FF0C, as in Chinese text), taking it
# for text pasted from a web page; JSON bodies are therefore passed with non-ASCII as \uXXXX.
ascii_json() {
  node -e 'process.stdout.write(JSON.stringify(JSON.parse(process.argv[1])).replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")))' "$1"
}
urlencode() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
login_json() { node -e 'process.stdout.write(JSON.stringify({ username: process.argv[1], password: process.argv[2] }))' "$1" "$2"; }
random_hex() { node -e "process.stdout.write(require('crypto').randomBytes($1).toString('hex'))"; }

# --- workspace and clean-up -----------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cc-sqlmap.XXXXXX")
# As root the embedded PostgreSQL runs as the `postgres` user, which must be able to enter here.
chmod 755 "$WORK"
LOG_DIR=${AUDIT_LOG_DIR:-$ROOT/var/audit-sqlmap/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$LOG_DIR"
LOG_DIR=$(cd "$LOG_DIR" && pwd)
SERVER_LOG=$LOG_DIR/server.log
SERVER_PID=
SQLMAP_PID=
THROWAWAY_DB=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SQLMAP_PID" ]; then kill -TERM "$SQLMAP_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping the portal (pid $SERVER_PID) …"
    # SIGTERM lets server.ts finish requests and stop its embedded PostgreSQL itself.
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  # An embedded PostgreSQL left behind by a killed server would keep running: stop it by its pid.
  local pidfile=$WORK/pg/postmaster.pid
  if [ -f "$pidfile" ]; then
    local pgpid
    pgpid=$(head -1 "$pidfile" 2>/dev/null || true)
    if [ -n "$pgpid" ] && kill -0 "$pgpid" 2>/dev/null; then kill -INT "$pgpid" 2>/dev/null || true; sleep 2; fi
  fi
  if [ -n "$THROWAWAY_DB" ]; then
    say "dropping throwaway database $THROWAWAY_DB …"
    psql -h 127.0.0.1 -U postgres -d postgres -w -qAt \
      -c "DROP DATABASE IF EXISTS \"$THROWAWAY_DB\" WITH (FORCE)" >/dev/null 2>&1 ||
      say "could not drop database $THROWAWAY_DB; drop it by hand"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_sqlmap
SQLMAP_VERSION=$(sqlmap --version 2>/dev/null | grep -Eo '^[0-9][^ ]*' | head -1 || true)
say "sqlmap ${SQLMAP_VERSION:-?}; logs in $LOG_DIR"

# --- database -------------------------------------------------------------------------------
if [ -n "${DATABASE_URL:-}" ]; then
  DB_URL=$DATABASE_URL
  DB_KIND="DATABASE_URL as given (not dropped afterwards)"
elif [ "${AUDIT_EMBEDDED:-0}" != 1 ] && command -v psql >/dev/null 2>&1 &&
  PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -U postgres -d postgres -w -qAt -c 'select 1' >/dev/null 2>&1; then
  THROWAWAY_DB="cc_sqlmap_$(date +%s)_$$"
  psql -h 127.0.0.1 -U postgres -d postgres -w -qAt -c "CREATE DATABASE \"$THROWAWAY_DB\"" >/dev/null ||
    die "could not create database $THROWAWAY_DB on 127.0.0.1"
  # -w above proved no password prompt is needed; PGPASSWORD, if that is how, goes into the URL.
  DB_URL="postgres://postgres${PGPASSWORD:+:$(urlencode "$PGPASSWORD")}@127.0.0.1:${PGPORT:-5432}/$THROWAWAY_DB"
  DB_KIND="throwaway database $THROWAWAY_DB on the local PostgreSQL (dropped afterwards)"
else
  # An empty DATABASE_URL counts as unset (src/config.ts) and, being set, also wins over a .env.
  DB_URL=
  DB_KIND="embedded PostgreSQL in a temporary folder (removed afterwards)"
fi
say "database: $DB_KIND"

# --- the portal -----------------------------------------------------------------------------
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
ADMIN_USER=${ADMIN_USERNAME:-admin}
ADMIN_PASS=${ADMIN_PASSWORD:-audit-$(random_hex 12)}
CHANNEL_TOKEN=$(random_hex 24)
BIG=1000000 # the largest rate limit config.ts accepts

# Every setting the run depends on is exported explicitly, so a developer's .env cannot change
# it (real environment variables win over .env, even empty ones).
# - Rate limits at their maximum: sqlmap sends thousands of requests per endpoint from one
#   address, and a 429 would hide the endpoint's real answer. The login route's limit (20 a
#   minute) is fixed in code, not configurable: see the login targets for how it is passed.
# - Background jobs off: they are not under test and would only add lines to the log.
# - Uploads and the embedded cluster go to the temporary folder.
# - LOG_LEVEL=info: every request's status is logged, which is how 5xx answers are found.
env_vars=(
  NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" LOG_LEVEL=info PUBLIC_BASE_URL= TRUST_PROXY=false
  CORS_ORIGINS= DATABASE_URL="$DB_URL" EMBEDDED_PG_DIR="$WORK/pg" EMBEDDED_PG_PORT=0
  ADMIN_USERNAME="$ADMIN_USER" ADMIN_PASSWORD="$ADMIN_PASS" CHANNEL_SERVICE_TOKEN="$CHANNEL_TOKEN"
  SUBMISSION_RATE_LIMIT_MAX="$BIG" SUBMISSION_RATE_LIMIT_WINDOW_SECONDS=60
  TRACKING_RATE_LIMIT_MAX="$BIG" TRACKING_RATE_LIMIT_WINDOW_SECONDS=60
  PHOTO_RATE_LIMIT_MAX="$BIG" OPEN311_RATE_LIMIT_MAX="$BIG" SMS_REPORTS_PER_NUMBER_PER_DAY=1000
  UPLOAD_DIR="$WORK/uploads" SMS_GATEWAY_URL= SMS_GATEWAY_TOKEN=
  ESCALATION_INTERVAL_SECONDS=0 HOUSEKEEPING_INTERVAL_SECONDS=0 OUTBOX_INTERVAL_SECONDS=0
  STATISTICS_REFRESH_SECONDS=0
)

# ts-node (transpile only) runs the sources as they are, without writing dist/ in a shared tree.
# The log is appended to, so a restart (below) keeps the earlier requests' lines.
: >"$SERVER_LOG"
RESTARTS=0
start_server() {
  say "starting the portal on $BASE …"
  env "${env_vars[@]}" "$ROOT/node_modules/.bin/ts-node" --transpile-only src/server.ts >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  # The first start of the embedded PostgreSQL runs initdb, so the wait is generous.
  local i
  for i in $(seq 1 240); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -30 "$SERVER_LOG" >&2
      die "the portal exited during start-up (log: $SERVER_LOG)"
    fi
    if curl -fsS -m 3 "$BASE/readyz" >/dev/null 2>&1; then break; fi
    [ "$i" = 240 ] && die "the portal was not ready after 240 s (log: $SERVER_LOG)"
    sleep 1
  done
  say "portal ready (pid $SERVER_PID)"
}
start_server

# --- seed data ------------------------------------------------------------------------------
CONTENT='幸福路菜市场门口的垃圾桶满了好几天，没人清运，味道很大'
ADDRESS='幸福路12号小区北门'

created=$(curl -fsS -m 30 -X POST "$BASE/api/v1/submissions" -H 'Content-Type: application/json' \
  --data "{\"content\":\"$CONTENT\",\"channel\":\"web\"}") || die "could not create the seed report"
CODE=$(json_get "$created" trackingCode) || die "no trackingCode in: $created"
say "seed report: $CODE"

# Log in as admin (a cookie jar keeps the session) and issue an Open311 api_key.
JAR=$WORK/cookies
API_KEY=
LOGGED_IN=0
REQUEST_ID=
REQUEST_TOKEN=
if login=$(curl -fsS -m 30 -c "$JAR" -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  --data "$(login_json "$ADMIN_USER" "$ADMIN_PASS")"); then
  LOGGED_IN=1
  CSRF=$(json_get "$login" csrfToken)
  issued=$(curl -fsS -m 30 -b "$JAR" -X POST "$BASE/api/v1/admin/open311-clients" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
    --data "{\"name\":\"sqlmap audit $(date +%s)\",\"contact\":\"audit@example.org\"}") ||
    die "could not issue an Open311 api_key"
  API_KEY=$(json_get "$issued" apiKey) || die "no apiKey in: $issued"
  say "Open311 api_key issued (${API_KEY:0:10}…)"
else
  say "WARNING: admin login failed (set ADMIN_PASSWORD for an existing DATABASE_URL);"
  say "the login-username and Open311 POST targets are skipped."
fi

# One Open311 request: its service_request_id and token are the path values sqlmap starts from.
SERVICE_CODE=garbage_overflow
O311_FORM="service_code=$SERVICE_CODE&description=$(urlencode "$CONTENT")&lat=39.9087&long=116.3975"
O311_FORM+="&address_string=$(urlencode "$ADDRESS")&email=resident%40example.org"
O311_FORM+="&first_name=$(urlencode '小明')&last_name=$(urlencode '王')&phone=13812341234"
O311_FORM+="&account_id=acct-1&device_id=device-1&media_url=$(urlencode 'https://example.org/photo.jpg')"
O311_FORM+="&attribute%5Bin_compound%5D=no&jurisdiction_id=chuangcheng"
if [ -n "$API_KEY" ]; then
  o311=$(curl -fsS -m 30 -X POST "$BASE/open311/v2/requests.json" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data "api_key=$API_KEY&$O311_FORM") ||
    die "could not file the seed Open311 request"
  REQUEST_ID=$(json_get "$o311" 0.service_request_id) || die "no service_request_id in: $o311"
  REQUEST_TOKEN=$(json_get "$o311" 0.token) || die "no token in: $o311"
  say "seed Open311 request: id $REQUEST_ID, token $REQUEST_TOKEN"
else
  # Without a key the id of the seed report stands in (via the public Open311 list).
  list=$(curl -fsS -m 30 "$BASE/open311/v2/requests.json") || list='[]'
  REQUEST_ID=$(json_get "$list" 0.service_request_id) || REQUEST_ID=1
  REQUEST_TOKEN=00000000-0000-4000-8000-000000000000
fi

# --- sqlmap targets -------------------------------------------------------------------------
SQLMAP_OUT=$LOG_DIR/sqlmap-output
mkdir -p "$SQLMAP_OUT"
# --batch: never ask; --flush-session: no answers remembered from an earlier run; --dbms: the
# portal only ever talks to PostgreSQL, so payloads for other databases are skipped.
# --disable-coloring keeps the logs greppable.
# Level 3 / risk 2 for every target: validation turns most payloads away with a quick 400, so the
# whole audit takes minutes and no target needed a lower level (raise them with SQLMAP_LEVEL=5
# SQLMAP_RISK=3 for a deeper, slower run). Level 3 also tests User-Agent and Referer where no -p
# list is given.
COMMON=(--batch --level="$LEVEL" --risk="$RISK" --dbms=PostgreSQL --technique="$TECHNIQUE"
  --threads="$THREADS" --flush-session --output-dir="$SQLMAP_OUT" --disable-coloring --timeout=30 --retries=2)
JSON_HDR=(-H 'Content-Type: application/json' -H 'Accept: application/json')
FORM_HDR=(-H 'Content-Type: application/x-www-form-urlencoded')
# The channel clients' token puts a request on the rate limiter's allow-list
# (src/http/plugins/rate-limit.ts). Only the login targets use it, because the login limit is
# hard-coded at 20 a minute; every other target runs as an anonymous resident would.
CHANNEL_HDR=(-H "Authorization: Bearer $CHANNEL_TOKEN")

RESULTS=$LOG_DIR/results.tsv
: >"$RESULTS"
ANY_INJECTABLE=0
ANY_INCOMPLETE=0

# run_target NAME 'METHOD path' PARAMS [sqlmap args …]
# PARAMS without a '*' is sqlmap's -p list. With '*' markers in the request (path segments, a
# header) sqlmap tests the marked places and every parameter of the request, so no -p is given
# and PARAMS names the markers in order ('{code}*,{id}*'), for the table.
run_target() {
  local name=$1 what=$2 params=$3
  shift 3
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$name,"* ]]; then return 0; fi
  local log=$LOG_DIR/$name.log started before after result
  local -a p=()
  if [[ $params != *'*'* ]]; then p=(-p "$params"); fi
  local attempt note=
  for attempt in 1 2; do
    started=$(date +%s)
    before=$(wc -l <"$SERVER_LOG")
    say "[$name] $what (${params}) …"
    # sqlmap's own exit code says little (it is 0 when nothing was found); its log says it all.
    # It runs in the background and is waited for, because bash runs a trap (Ctrl-C, SIGTERM)
    # only after a foreground command ends, and the clean-up should not wait for a whole target.
    # (${p[@]+…} because bash before 4.4 calls an empty array unbound under set -u.)
    sqlmap "${COMMON[@]}" ${p[@]+"${p[@]}"} "$@" >"$log" 2>&1 </dev/null &
    SQLMAP_PID=$!
    wait "$SQLMAP_PID" || true
    SQLMAP_PID=
    after=$(wc -l <"$SERVER_LOG")
    kill -0 "$SERVER_PID" 2>/dev/null && break
    # The portal stopped under sqlmap. Its log says whether it crashed or was sent a signal (in a
    # shared tree someone else's clean-up may stop it); either way the target's answers after
    # that were connection errors, so the portal is started again and the target run once more.
    RESTARTS=$((RESTARTS + 1))
    say "WARNING: the portal stopped during [$name]; last lines of its log:"
    grep -v '^{' "$SERVER_LOG" | tail -3 >&2 || true
    note=" (portal stopped during the first attempt; re-run)"
    mv "$log" "$log.attempt$attempt"
    start_server
  done
  local fivexx
  fivexx=$(sed -n "$((before + 1)),${after}p" "$SERVER_LOG" | grep -c '"statusCode":5' || true)
  if grep -q -e 'sqlmap identified the following injection point' -e 'is vulnerable' "$log"; then
    result=INJECTABLE
    ANY_INJECTABLE=1
  elif grep -q 'all tested parameters do not appear to be injectable' "$log"; then
    result='no injection found'
  else
    result='INCOMPLETE (see log)'
    ANY_INCOMPLETE=1
  fi
  # The parameters sqlmap actually went through, as it names them ('JSON x' for body field x,
  # '#N*' for the Nth marker, here given the name PARAMS has for it).
  local tested
  tested=$(grep -Eo "(parameter|header) '[^']+' (does not seem to be injectable|is vulnerable|appears to be)" "$log" |
    sed -E "s/^(parameter|header) '([^']+)'.*/\2/; s/^JSON //" |
    awk -v names="$params" 'BEGIN { n = split(names, name, ",") }
      match($0, /#[0-9]+\*$/) { i = substr($0, RSTART + 1, RLENGTH - 2) + 0; if (i <= n) $0 = name[i] }
      !seen[$0]++' | paste -sd, - || true)
  [ -z "$tested" ] && tested="($params)"
  printf '%s\t%s\t%s\t%s\t%s\t%ss\n' "$name" "$what" "$tested" "$result$note" "$fivexx" "$(($(date +%s) - started))" >>"$RESULTS"
  say "[$name] $result, ${fivexx} server 5xx, $(($(date +%s) - started)) s"
}

skip_target() { printf '%s\t%s\t-\tSKIPPED: %s\t0\t0s\n' "$1" "$2" "$3" >>"$RESULTS"; }

# -- resident API --
SUB_BODY=$(ascii_json "{\"content\":\"$CONTENT\",\"channel\":\"web\",\"location\":{\"address\":\"$ADDRESS\",\"lat\":39.9087,\"lng\":116.3975},\"contact\":{\"name\":\"王小明\",\"phone\":\"13812341234\"}}")
run_target submission-create 'POST /api/v1/submissions' 'content,channel,address,lat,lng,name,phone' \
  -u "$BASE/api/v1/submissions" --data "$SUB_BODY" "${JSON_HDR[@]}"

# The Idempotency-Key header reaches the database too. It must be 16–200 visible ASCII characters
# without spaces, so space2comment lets payloads past the format check. The body fields are
# skipped here: submission-create tests them.
run_target submission-idempotency-key 'POST /api/v1/submissions (Idempotency-Key header)' 'Idempotency-Key*' \
  -u "$BASE/api/v1/submissions" --data "$(ascii_json "{\"content\":\"$CONTENT\",\"channel\":\"web\"}")" "${JSON_HDR[@]}" \
  -H "Idempotency-Key: sqlmap-audit-0000000001*" --tamper=space2comment --skip=content,channel

run_target submission-track 'GET /api/v1/submissions/{code}' '{code}*' \
  -u "$BASE/api/v1/submissions/$CODE*" -H 'Accept: application/json'

# The seed report is not resolved yet, so the answer is 409 after the code has been looked up:
# the path code is tested against the database, the body fields only against validation.
run_target submission-feedback 'POST /api/v1/submissions/{code}/feedback' '{code}*,rating,comment,fixed' \
  -u "$BASE/api/v1/submissions/$CODE*/feedback" --data "$(ascii_json '{"rating":4,"comment":"处理得很及时","fixed":true}')" \
  "${JSON_HDR[@]}"

# The seed report has no photos, so the original answer is a 404 (the code and the photo id are
# still looked up in the database); --ignore-code keeps sqlmap from stopping at that 404.
run_target submission-photo 'GET /api/v1/submissions/{code}/photos/{id}' '{code}*,{id}*,size*' \
  -u "$BASE/api/v1/submissions/$CODE*/photos/1*?size=thumb*" --ignore-code=404
run_target public-photo 'GET /api/v1/public/photos/{id}' '{id}*,size*' \
  -u "$BASE/api/v1/public/photos/1*?size=thumb*" --ignore-code=404

run_target submission-similar-text 'GET /api/v1/submissions/similar' 'text,lat,lng,address' \
  -u "$BASE/api/v1/submissions/similar?text=$(urlencode "$CONTENT")&lat=39.9087&lng=116.3975&address=$(urlencode "$ADDRESS")" \
  -H 'Accept: application/json'
# With subcategory given, text is not used; a separate run tests subcategory on its own.
run_target submission-similar-subcategory 'GET /api/v1/submissions/similar' 'subcategory' \
  -u "$BASE/api/v1/submissions/similar?subcategory=garbage_overflow&address=$(urlencode "$ADDRESS")" \
  -H 'Accept: application/json'

run_target classify 'POST /api/v1/classify' 'text,address' \
  -u "$BASE/api/v1/classify" --data "$(ascii_json "{\"text\":\"$CONTENT\",\"address\":\"$ADDRESS\"}")" "${JSON_HDR[@]}"

# These take no input; level 3 tests the headers sqlmap would (User-Agent, Referer) and a stray
# query parameter, to show none of them reaches a query.
run_target categories 'GET /api/v1/categories' 'q,User-Agent,Referer' -u "$BASE/api/v1/categories?q=1"
run_target departments 'GET /api/v1/departments' 'q,User-Agent,Referer' -u "$BASE/api/v1/departments?q=1"
run_target public-statistics 'GET /api/v1/public/statistics' 'q,User-Agent,Referer' \
  -u "$BASE/api/v1/public/statistics?q=1"
run_target stats-page 'GET /stats' 'lang' -u "$BASE/stats?lang=zh"

# -- staff login (public by nature) --
# Username: started from the real admin with the right password, so a true condition logs in
# (200) and a false one does not (401) — a clean oracle — and no wrong password locks the account.
if [ "$LOGGED_IN" = 1 ]; then
  run_target login-username 'POST /api/v1/auth/login' 'username' \
    -u "$BASE/api/v1/auth/login" --data "$(login_json "$ADMIN_USER" "$ADMIN_PASS")" \
    "${JSON_HDR[@]}" "${CHANNEL_HDR[@]}" --ignore-code=401
else
  skip_target login-username 'POST /api/v1/auth/login' 'no admin login'
fi
# Password: from a name that does not exist (no account gets locked); 401 is the normal answer.
run_target login-password 'POST /api/v1/auth/login' 'password' \
  -u "$BASE/api/v1/auth/login" --data '{"username":"sqlmap-nobody","password":"wrong-password-1"}' \
  "${JSON_HDR[@]}" "${CHANNEL_HDR[@]}" --ignore-code=401

# -- resident HTML pages (they call the API in-process, but parse forms themselves) --
run_target page-form-post 'POST / (report form)' 'content,address,lat,lng,name,phone,consent' \
  -u "$BASE/" --data "content=$(urlencode "$CONTENT")&address=$(urlencode "$ADDRESS")&lat=39.9087&lng=116.3975&name=$(urlencode '王小明')&phone=13812341234&consent=yes" \
  "${FORM_HDR[@]}"
run_target page-track 'GET /track/{code}' '{code}*' -u "$BASE/track/$CODE*"
run_target page-track-lookup 'GET /track?code=' 'code,lang' -u "$BASE/track?code=$CODE&lang=zh"
run_target page-track-feedback 'POST /track/{code}/feedback (form)' '{code}*,rating,comment,fixed' \
  -u "$BASE/track/$CODE*/feedback" --data "rating=4&comment=$(urlencode '处理得很及时')&fixed=yes" "${FORM_HDR[@]}"

# -- Open311 GeoReport v2 --
run_target open311-list-filters 'GET /open311/v2/requests.json' \
  'service_code,start_date,end_date,status,jurisdiction_id' \
  -u "$BASE/open311/v2/requests.json?service_code=$SERVICE_CODE&start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-03-01T00:00:00%2B08:00&status=open&jurisdiction_id=chuangcheng"
# With service_request_id the other filters are ignored (the spec), so it gets its own run.
run_target open311-list-ids 'GET /open311/v2/requests.json' 'service_request_id' \
  -u "$BASE/open311/v2/requests.json?service_request_id=$REQUEST_ID"
run_target open311-request 'GET /open311/v2/requests/{id}.json' '{id}*' \
  -u "$BASE/open311/v2/requests/$REQUEST_ID*.json"
run_target open311-token 'GET /open311/v2/tokens/{token}.json' '{token}*' \
  -u "$BASE/open311/v2/tokens/$REQUEST_TOKEN*.json"
run_target open311-service 'GET /open311/v2/services/{code}.json' '{code}*' \
  -u "$BASE/open311/v2/services/$SERVICE_CODE*.json"
if [ -n "$API_KEY" ]; then
  # api_key is tested too; a wrong key is a 401, which sqlmap must not take for "stop".
  run_target open311-create 'POST /open311/v2/requests.json' \
    'api_key,service_code,description,lat,long,address_string,email,first_name,last_name,phone,account_id,device_id,media_url,attribute[in_compound],jurisdiction_id' \
    -u "$BASE/open311/v2/requests.json" --data "api_key=$API_KEY&$O311_FORM" "${FORM_HDR[@]}" --ignore-code=401
else
  skip_target open311-create 'POST /open311/v2/requests.json' 'no api_key (admin login failed)'
fi

# --- summary --------------------------------------------------------------------------------
ELAPSED=$(($(date +%s) - START_EPOCH))
{
  echo
  echo "sqlmap ${SQLMAP_VERSION:-?} — level $LEVEL, risk $RISK, technique $TECHNIQUE, threads $THREADS"
  echo "database: $DB_KIND"
  echo "total time: $((ELAPSED / 60)) min $((ELAPSED % 60)) s; logs: $LOG_DIR"
  if [ "$RESTARTS" -gt 0 ]; then echo "WARNING: the portal stopped and was restarted $RESTARTS time(s); see server.log"; fi
  echo
  {
    printf 'TARGET\tENDPOINT\tPARAMETERS TESTED\tRESULT\t5XX\tTIME\n'
    cat "$RESULTS"
  } | column -t -s $'\t' 2>/dev/null || cat "$RESULTS"
} | tee "$LOG_DIR/summary.txt"

# Every 5xx with its request and error, paired through Fastify's reqId (the server logs JSON lines).
node - "$SERVER_LOG" >"$LOG_DIR/server-5xx.txt" <<'NODE'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n');
const urls = new Map(), errors = new Map(), found = [];
for (const line of lines) {
  if (!line.startsWith('{')) continue;
  let entry;
  try { entry = JSON.parse(line); } catch { continue; }
  if (entry.req) urls.set(entry.reqId, `${entry.req.method} ${entry.req.url}`);
  if (entry.err) errors.set(entry.reqId, `${entry.err.type ?? ''} ${entry.err.code ?? ''} ${entry.err.message ?? ''}`.trim());
  if (entry.res && entry.res.statusCode >= 500) found.push(entry);
}
for (const entry of found) {
  console.log(`${entry.res.statusCode}\t${urls.get(entry.reqId) ?? '?'}\t${errors.get(entry.reqId) ?? entry.msg}`);
}
NODE
TOTAL_5XX=$(wc -l <"$LOG_DIR/server-5xx.txt")
if [ "$TOTAL_5XX" -gt 0 ]; then
  echo
  echo "The server answered $TOTAL_5XX request(s) with 5xx (a bug even when not injectable):"
  cut -c1-400 "$LOG_DIR/server-5xx.txt" | sort | uniq -c | sort -rn | head -40
fi
if grep -q '\[db\] query failed' "$SERVER_LOG"; then
  echo
  echo "Failed database queries in the server log:"
  grep '\[db\] query failed' "$SERVER_LOG" | cut -c1-300 | sort | uniq -c | sort -rn | head -20
fi

if [ "$ANY_INJECTABLE" = 1 ]; then
  echo
  echo "RESULT: INJECTABLE parameter(s) found — see the logs above."
  exit 1
fi
if [ "$ANY_INCOMPLETE" = 1 ]; then
  echo
  echo "RESULT: no injection found, but some targets did not finish cleanly (see their logs)."
  exit 2
fi
echo
echo "RESULT: no injection found in any tested parameter."
