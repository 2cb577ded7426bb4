#!/usr/bin/env bash
# Runs the Playwright suite against a freshly built release server on a free port with a
# temporary data directory. The server is stopped on every exit path, failures included.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=target/release/gongshang
[ -x "$binary" ] || { echo "run.sh: $binary is missing; run 'make build' first" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data=$(mktemp -d)
log="$data/server.log"

# Seed what the browser tests start from, the way a district administrator would: the demo
# community (with an officer and an invitation per role) and more single-use invitations for
# new residents, one per test that enrols. The CLI needs the database to itself, so this
# happens before the server starts. The open election's voting window ends four minutes
# from now, so the elections journey can close its polls (never before the window ends).
"$binary" demo --data-dir "$data" --public-url "http://localhost:$port" --polls-close-in 4 \
  >"$data/demo.txt" 2>>"$log"
community=$(sed -n 's/^created the demo community .*(\(.*\))$/\1/p' "$data/demo.txt")
open_election=$(sed -n 's/^open election: //p' "$data/demo.txt")
finished_election=$(sed -n 's/^finished election: //p' "$data/demo.txt")
open_round=$(sed -n 's/^open evaluation round: //p' "$data/demo.txt")
closed_round=$(sed -n 's/^closed evaluation round 2026年度: //p' "$data/demo.txt")
roles=$(awk '/\/join\// { split($2, link, "/join/"); printf "%s\"%s\":\"%s\"", (n++ ? "," : ""), $1, link[2] }' "$data/demo.txt")
codes=""
for _ in $(seq 1 8); do
  code=$("$binary" invite --data-dir "$data" --community "$community" --role resident \
    --role resident_rep --public-url "http://localhost:$port" 2>>"$log" | sed -n 's/^code: //p')
  codes="$codes${codes:+,}\"$code\""
done
# Station chiefs for the staff journeys (new people, one per test), and an invitation issued
# already expired, to see the page a resident with a stale invitation gets.
staff=""
for _ in $(seq 1 8); do
  code=$("$binary" invite --data-dir "$data" --community "$community" --role station_chief \
    --public-url "http://localhost:$port" 2>>"$log" | sed -n 's/^code: //p')
  staff="$staff${staff:+,}\"$code\""
done
# An officer with every staff role, for the walk over every page (pages.spec.ts).
crawler=$("$binary" invite --data-dir "$data" --community "$community" --role district_admin \
  --role election_committee_member --role scrutineer --role station_chief \
  --public-url "http://localhost:$port" 2>>"$log" | sed -n 's/^code: //p')
# Another, for the forms posted without JavaScript (forms.spec.ts).
forms=$("$binary" invite --data-dir "$data" --community "$community" --role district_admin \
  --role election_committee_member --role scrutineer --role station_chief \
  --public-url "http://localhost:$port" 2>>"$log" | sed -n 's/^code: //p')
# A second member of the supervisory committee: a box's count of paper rating forms is
# entered by two officers (evaluation.spec.ts).
evaluator=$("$binary" invite --data-dir "$data" --community "$community" \
  --role supervisory_committee_member \
  --public-url "http://localhost:$port" 2>>"$log" | sed -n 's/^code: //p')
expired=$("$binary" invite --data-dir "$data" --community "$community" --role resident --days 0 \
  --public-url "http://localhost:$port" 2>>"$log" | sed -n 's/^code: //p')
export E2E_FIXTURES="$data/fixtures.json"
printf '{"community":"%s","codes":[%s],"staff":[%s],"expired":"%s","crawler":"%s","forms":"%s","evaluator":"%s","roles":{%s},"elections":{"open":"%s","finished":"%s"},"evaluations":{"open":"%s","closed":"%s"}}\n' \
  "$community" "$codes" "$staff" "$expired" "$crawler" "$forms" "$evaluator" "$roles" "$open_election" "$finished_election" "$open_round" "$closed_round" >"$E2E_FIXTURES"

"$binary" serve --addr "127.0.0.1:$port" --data-dir "$data" >"$log" 2>&1 &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  # The server's log outlives the run (end2end/test-results, ignored by git): what it logged
  # as errors while browsers used it is worth a look even when every test passed.
  mkdir -p end2end/test-results
  cp "$log" end2end/test-results/server.log 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://localhost:$port/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "run.sh: the server exited during start-up:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.2
done

status=0
# `E2E_COMMAND` runs something else against the same seeded server (make bench: Lighthouse).
(cd end2end && BASE_URL="http://localhost:$port" ${E2E_COMMAND:-npx playwright test} "$@") || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log ---" >&2
  tail -n 50 "$log" >&2
fi
errors=$(grep -c -E 'ERROR|WARN|panicked' "$log" || true)
echo "run.sh: the server logged $errors errors and warnings (end2end/test-results/server.log)"

exit "$status"
