#!/usr/bin/env bash
# Gateway load benchmark, loopback only, stops by itself (about 16 minutes; 18 with BASELINE_JAR).
# Measures in one run: direct to the mock upstream, through Stillwatch, and through nginx as a plain
# reverse proxy (and, for throughput, through a bare Vert.x proxy: the floor of the gateway's stack,
# see BareProxy; and a bare raw-Netty proxy, the floor one layer down, see BareNettyProxy): saturating requests/s (wrk) and proxy CPU per request, added p50/p99 latency at half load (open-loop driver,
# coordinated-omission corrected; driver and servers on separate CPUs, see phase 2), stream time to
# first byte, and how many concurrent open streams one gateway holds with -Xmx512m.
#   bench/load/run.sh                 # defaults
#   DURATION=30 STREAMS=12000 bench/load/run.sh
#   KEEP_LOGS=/tmp/load-logs bench/load/run.sh   # keeps the gateway's, mock's and driver's logs
#   BASELINE_JAR=/tmp/old-stillwatch.jar bench/load/run.sh   # phase 1 also runs that build ("baseline"): before/after in one run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/load"
DURATION=${DURATION:-15}        # seconds per wrk run
RATE_SECONDS=${RATE_SECONDS:-20} # seconds per fixed-rate run (after 10 s warm-up)
STREAMS=${STREAMS:-12000}    # HTTP/2 upstream: 1 descriptor per stream (HTTP/1.1 needs 2; the sandbox caps a process at 20,000)
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-3}          # phase 1: nginx/Stillwatch pairs; phase 2: rounds of all targets; medians reported
WARMUP=${WARMUP:-90}         # seconds of load through each gateway before it is measured
RATE_WARMUP=${RATE_WARMUP:-60} # phase 2: seconds of the fixed-rate load through the gateway right before its measurement
BASE=${BASE_PORT:-19300}
MOCK=$BASE; GW=$((BASE+1)); ADMIN=$((BASE+2)); NGINX=$((BASE+3)); SLOW=$((BASE+4)); GW2=$((BASE+5)); ADMIN2=$((BASE+6))
BARE=$((BASE+7)); GWB=$((BASE+8)); ADMINB=$((BASE+9)); NETTY=$((BASE+14))
MOCK1=$((BASE+10)); GW1=$((BASE+11)); ADMIN1=$((BASE+12)); NGINX1=$((BASE+13)); NETTY1=$((BASE+15))   # phase 2: one-CPU servers

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null \
    || { echo "installing $tool (Debian package)" >&2; apt-get install -y "$tool" >/dev/null; }
done
export PATH="$PATH:/usr/sbin"
jar="$root/app/target/stillwatch.jar"; driver="$root/bench/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ ! -f "$driver" ]; then
  mvn -q -f "$root/pom.xml" -pl app,bench -am -DskipTests package
fi

work="$(mktemp -d /tmp/stillwatch-load.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${KEEP_LOGS:-}" ] && mkdir -p "$KEEP_LOGS" && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  [ -f "$work/nginx1.pid" ] && nginx -p "$work" -c "$work/nginx1.conf" -s stop 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_port() { # $1 port
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "port $1 did not open" >&2; return 1
}
sw() { java -jar "$jar" "$@"; }
drive() { java -Xmx2g -cp "$driver" io.stillwatch.bench.load.LoadDriver "$@"; }

echo "== setup (work dir $work); $(uptime)"
printf '{"account":"acct_bench","created":"2026-01-01T00:00:00.000Z"}\n' > "$work/accounts.jsonl"
sw accounts import --data "$work/data" "$work/accounts.jsonl" >/dev/null
SECRET="$(sw keys create --data "$work/data" --account acct_bench --name load)"
printf '{"model":"mock-gpt","max_tokens":16,"messages":[{"role":"user","content":"Say hello in a few words."}]}' > "$work/plain.json"
printf '{"model":"mock-gpt","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"Say hello in a few words."}]}' > "$work/stream.json"
printf '{"model":"mock-gpt","max_tokens":120,"stream":true,"messages":[{"role":"user","content":"Tell a long story."}]}' > "$work/long.json"

[ -n "${BASELINE_JAR:-}" ] && cp -r "$work/data" "$work/data-baseline"   # same key, before any server opens the store
cp -r "$work/data" "$work/data-one"   # the same key for phase 2's gateway
java -Xmx1g -jar "$jar" mock-upstream --port "$MOCK" --tokens-per-second 0 --tokens 16 2>"$work/mock.log" & mock_pid=$!; pids+=($mock_pid)
java -Xmx512m -jar "$jar" serve --port "$GW" --admin-port "$ADMIN" --upstream "http://127.0.0.1:$MOCK" \
  --data "$work/data" 2>"$work/gateway.log" & gw_pid=$!; pids+=($gw_pid)
java -Xmx512m -cp "$driver" io.stillwatch.bench.load.BareProxy --port "$BARE" --upstream "http://127.0.0.1:$MOCK" \
  2>"$work/bare.log" & bare_pid=$!; pids+=($bare_pid)
java -Xmx512m -cp "$driver" io.stillwatch.bench.load.BareNettyProxy --port "$NETTY" --upstream "http://127.0.0.1:$MOCK" \
  2>"$work/netty.log" & netty_pid=$!; pids+=($netty_pid)
baseline=()
if [ -n "${BASELINE_JAR:-}" ]; then
  java -Xmx512m -jar "$BASELINE_JAR" serve --port "$GWB" --admin-port "$ADMINB" --upstream "http://127.0.0.1:$MOCK" \
    --data "$work/data-baseline" 2>"$work/gateway-baseline.log" & gwb_pid=$!; pids+=($gwb_pid); baseline=(baseline)
fi
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 16000; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body; proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fcgi; uwsgi_temp_path $work/nginx-uwsgi; scgi_temp_path $work/nginx-scgi;
  upstream mock { server 127.0.0.1:$MOCK; keepalive 256; }
  server {
    listen 127.0.0.1:$NGINX;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
CONF
nginx -p "$work" -c "$work/nginx.conf"
wait_port "$MOCK"; wait_port "$GW"; wait_port "$NGINX"; wait_port "$BARE"; wait_port "$NETTY"
[ -n "${BASELINE_JAR:-}" ] && wait_port "$GWB"

declare -A URL=([direct]="http://127.0.0.1:$MOCK/v1/chat/completions" \
  [nginx]="http://127.0.0.1:$NGINX/v1/chat/completions" [stillwatch]="http://127.0.0.1:$GW/v1/chat/completions" \
  [vertx-bare]="http://127.0.0.1:$BARE/v1/chat/completions" [netty-bare]="http://127.0.0.1:$NETTY/v1/chat/completions" \
  [baseline]="http://127.0.0.1:$GWB/v1/chat/completions")
# the process(es) whose CPU each target adds: nginx's master and workers, the bare proxy's and the gateway's JVM
declare -A PROC=([direct]="" [nginx]="$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')" \
  [vertx-bare]="$bare_pid" [netty-bare]="$netty_pid" [stillwatch]="$gw_pid" [baseline]="${gwb_pid:-}")
# and the child processes of these (the gateway's igzip compressing a rotated exchange log)
declare -A KIDS=([stillwatch]="$gw_pid" [baseline]="${gwb_pid:-}")
ticks() { # $1 pids, $2 pids whose child processes count too -> user ticks, system ticks (summed)
  local u=0 s=0 p c
  for p in $1; do read -r pu ps < <(awk '{print $14, $15}' "/proc/$p/stat"); u=$((u + pu)); s=$((s + ps)); done
  for p in ${2:-}; do
    # children already reaped: cutime/cstime (fields 16/17); running ones: their utime/stime so far
    read -r pu ps < <(awk '{print $16, $17}' "/proc/$p/stat"); u=$((u + pu)); s=$((s + ps))
    for c in $(pgrep -P "$p" || true); do
      read -r pu ps < <(awk '{print $14, $15}' "/proc/$c/stat" 2>/dev/null || echo 0 0); u=$((u + pu)); s=$((s + ps))
    done
  done
  echo "$u $s"
}
HZ=$(getconf CLK_TCK)
thread_ticks() { # $1 pid -> "tid name user system" per thread (name: comm with spaces as _)
  local t
  for t in /proc/"$1"/task/*; do
    # comm may hold spaces: count utime/stime (fields 14/15) from the end, as NF-38/NF-37 of the 52 fields
    printf '%s %s %s\n' "${t##*/}" "$(tr ' ' _ < "$t/comm")" "$(awk '{print $(NF-38), $(NF-37)}' "$t/stat" 2>/dev/null)"
  done
  printf 'kids child-processes %s\n' "$(ticks "" "$1")"
}
AUTH="Bearer $SECRET"

wrk_rps() { # $1 target [$2 file tag] -> prints requests/s; also keeps wrk's latency lines
  BODY_FILE="$work/plain.json" AUTH="$AUTH" wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$here/post.lua" \
    "${URL[$1]}" > "$work/wrk-$1${2:-}.txt"
  awk '/Requests\/sec/ {print $2}' "$work/wrk-$1${2:-}.txt"
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

if [ -z "${ONLY_STREAMS:-}" ]; then
# Each target is warmed right before it is measured: the gateway's JIT needs 75-90 s of this load
# to settle on two shared cores (C2 still took 3-4 us a request after 30 s), and JDK 17's code
# cache sweeper drops compiled code that went unused for a few minutes, so a gateway warmed first
# and measured last (after minutes idle) was compiling again during its window. The bare proxy has
# far less code to compile; nginx and direct need none.
warm() { # $1 target, $2 seconds
  BODY_FILE="$work/plain.json" AUTH="$AUTH" wrk -t2 -c"$CONNS" -d"$2s" -s "$here/post.lua" "${URL[$1]}" >/dev/null
}
declare -A WARM=([direct]=5 [nginx]=5 [netty-bare]=30 [vertx-bare]=30 [baseline]="$WARMUP" [stillwatch]="$WARMUP")
echo "== warm-up right before each measurement: ${WARMUP}s for each gateway, 30 s for the bare proxies, 5 s otherwise"

echo "== 1. saturating throughput, small plain requests (wrk -t2 -c$CONNS -d${DURATION}s; nothing pinned)"
echo "   proxy CPU = utime+stime of the proxy's process(es) over the run / requests (nginx: master + workers)"
declare -A RPS
for t in direct nginx netty-bare vertx-bare "${baseline[@]}" stillwatch; do
  warm "$t" "${WARM[$t]}"
  [ "$t" = stillwatch ] && thread_ticks "$gw_pid" > "$work/threads0.txt"
  read -r u0 s0 < <(ticks "${PROC[$t]}" "${KIDS[$t]:-}")
  RPS[$t]=$(wrk_rps "$t")
  read -r u1 s1 < <(ticks "${PROC[$t]}" "${KIDS[$t]:-}")
  [ "$t" = stillwatch ] && thread_ticks "$gw_pid" > "$work/threads1.txt"
  n=$(awk '/requests in/ {print $1}' "$work/wrk-$t.txt")
  cpu=$(awk -v u=$((u1-u0)) -v s=$((s1-s0)) -v n="$n" -v hz="$HZ" \
    'BEGIN {if (u+s == 0) print "-"; else printf "%.1f us/req (user %.1f)", (u+s)*1e6/hz/n, u*1e6/hz/n}')
  errs=$(grep -E "Non-2xx|Socket errors" "$work/wrk-$t.txt" || true)
  printf '  %-10s %10s req/s  proxy CPU %-26s %s\n' "$t" "${RPS[$t]}" "$cpu" "$errs"
done
# The ratio moves with whatever else the machine does in a window (0.60-0.94 in one afternoon's
# single runs), so nginx and the gateway are measured again in ROUNDS-1 more alternated pairs, each
# right after the other, and the ratio reported is the median of the pairs' ratios.
RATIOS=("$(awk -v a="${RPS[stillwatch]}" -v b="${RPS[nginx]}" 'BEGIN {printf "%.2f", a/b}')")
for r in $(seq 2 "$ROUNDS"); do
  warm nginx 5; n1=$(wrk_rps nginx "-$r"); warm stillwatch 5; s1=$(wrk_rps stillwatch "-$r")
  RATIOS+=("$(awk -v a="$s1" -v b="$n1" 'BEGIN {printf "%.2f", a/b}')")
  printf '  round %d: nginx %s req/s, stillwatch %s req/s, ratio %s\n' "$r" "$n1" "$s1" "${RATIOS[-1]}"
done
ratio=$(median "${RATIOS[@]}")
echo "  stillwatch/nginx ratio by round: ${RATIOS[*]}"
floor=$(awk -v a="${RPS[vertx-bare]}" -v b="${RPS[nginx]}" 'BEGIN {printf "%.2f", a/b}')
nfloor=$(awk -v a="${RPS[netty-bare]}" -v b="${RPS[nginx]}" 'BEGIN {printf "%.2f", a/b}')
echo "  stillwatch/nginx throughput ratio, median of $ROUNDS rounds: $ratio (target >= 0.8); bare Vert.x proxy/nginx: $floor; bare Netty proxy/nginx: $nfloor"
# where the gateway's CPU went, by thread kind (event loops summed; digits dropped from the names)
n=$(awk '/requests in/ {print $1}' "$work/wrk-stillwatch.txt")
awk -v n="$n" -v hz="$HZ" '
  NR == FNR {u0[$1] = $3; s0[$1] = $4; next}
  {k = $2; gsub(/[0-9#]+$/, "", k); gsub(/-thread-$/, "", k); u[k] += $3 - u0[$1]; s[k] += $4 - s0[$1]}
  END {printf "  stillwatch CPU by thread, us/req (user+sys):"; for (k in u) if (u[k] + s[k] > 0)
    printf " %s %.1f (%.1f+%.1f);", k, (u[k]+s[k])*1e6/hz/n, u[k]*1e6/hz/n, s[k]*1e6/hz/n; print ""}' \
  "$work/threads0.txt" "$work/threads1.txt"
if [ -n "${BASELINE_JAR:-}" ]; then
  echo "  baseline ($BASELINE_JAR)/nginx: $(awk -v a="${RPS[baseline]}" -v b="${RPS[nginx]}" 'BEGIN {printf "%.2f", a/b}')"
  kill "$gwb_pid"; wait "$gwb_pid" 2>/dev/null || true
fi

# Latency on a split machine: the load generator on CPU 0, the servers (mock, nginx, gateway) on
# CPU 1, so the driver's own CPU use (a JVM) does not delay the servers it measures. The servers are
# started there (`taskset -c 1`) so each sizes itself for the one CPU it has, as on a one-CPU host:
# the gateway runs one event loop (the JVM reads its CPU count from the affinity mask at start),
# nginx one worker; the phase-1 servers, sized for two CPUs, would take turns on the one core.
# The mock shares CPU 1 with the proxies because CPU 0 cannot carry both the driver and the mock
# at the rates needed (tried: at 15,000 req/s the driver and mock on CPU 0 saturate even direct).
# The rate is half of what Stillwatch saturates at in this layout (wrk on CPU 0), the same rate
# for all three targets.
sed -e "s/worker_processes 2;/worker_processes 1;/" -e "s/127.0.0.1:$NGINX;/127.0.0.1:$NGINX1;/" \
    -e "s/server 127.0.0.1:$MOCK;/server 127.0.0.1:$MOCK1;/" -e "s#pid $work/nginx.pid;#pid $work/nginx1.pid;#" \
    -e "s#error_log $work/nginx-error.log#error_log $work/nginx1-error.log#" "$work/nginx.conf" > "$work/nginx1.conf"
taskset -c 1 java -Xmx1g -jar "$jar" mock-upstream --port "$MOCK1" --tokens-per-second 0 --tokens 16 2>"$work/mock1.log" & pids+=($!)
taskset -c 1 java -Xmx512m -Xlog:gc:file="$work/gateway1-gc.log" -jar "$jar" serve --port "$GW1" --admin-port "$ADMIN1" \
  --upstream "http://127.0.0.1:$MOCK1" --data "$work/data-one" 2>"$work/gateway1.log" & gw1_pid=$!; pids+=($gw1_pid)
taskset -c 1 nginx -p "$work" -c "$work/nginx1.conf"
# and the bare Netty proxy, the floor: what a JVM proxy doing none of the gateway's work adds here
taskset -c 1 java -Xmx512m -cp "$driver" io.stillwatch.bench.load.BareNettyProxy --port "$NETTY1" \
  --upstream "http://127.0.0.1:$MOCK1" 2>"$work/netty1.log" & netty1_pid=$!; pids+=($netty1_pid)
wait_port "$MOCK1"; wait_port "$GW1"; wait_port "$NGINX1"; wait_port "$NETTY1"
declare -A URL1=([direct]="http://127.0.0.1:$MOCK1/v1/chat/completions" [netty-bare]="http://127.0.0.1:$NETTY1/v1/chat/completions" \
  [nginx]="http://127.0.0.1:$NGINX1/v1/chat/completions" [stillwatch]="http://127.0.0.1:$GW1/v1/chat/completions")
echo "== 2. latency, servers started on CPU 1 (gateway: $(grep -oE '[0-9]+ event loop\(s\)' "$work/gateway1.log" | head -1 || true)), driver on CPU 0"
BODY_FILE="$work/plain.json" AUTH="$AUTH" taskset -c 0 wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "$here/post.lua" "${URL1[stillwatch]}" >/dev/null  # JIT warm-up
BODY_FILE="$work/plain.json" AUTH="$AUTH" taskset -c 0 wrk -t1 -c"$CONNS" -d20s -s "$here/post.lua" "${URL1[netty-bare]}" >/dev/null
one=$(BODY_FILE="$work/plain.json" AUTH="$AUTH" taskset -c 0 wrk -t1 -c"$CONNS" -d10s -s "$here/post.lua" \
  "${URL1[stillwatch]}" | awk '/Requests\/sec/ {print $2}')
half=$(awk -v a="$one" 'BEGIN {printf "%d", a/2}')
echo "   Stillwatch saturates at $one req/s there (wrk -t1); open loop at half of that, $half req/s, ${RATE_SECONDS}s after a 10 s warm-up"
echo "   (the gateway first gets ${RATE_WARMUP}s of that open loop, unmeasured)"
# The driver (PacedDriver) issues each request at its own intended start on one Netty event loop;
# the earlier driver (LoadDriver rate) issued what was due on a 1 ms timer, so a dozen requests
# arrived together and the last of each burst waited for the others: most of direct's p50 and much
# of what a one-CPU proxy added to p99 was the driver's. Its heap is sized so that it does not
# collect during a run (its own pauses would be counted against every target).
# The gateway's JIT compiles more after wrk's saturating load once the load is an open loop at half
# the rate (C2 used 0.2-1.3 s of the one CPU in a measured window after 45-60 s of wrk alone, in
# bursts that held the CPU for ~1 ms each), so the gateway also gets RATE_WARMUP s of the measured
# load before its first measurement; what its threads and GC did during its windows is printed.
# A single window's p99 moves by milliseconds from one window to the next for every target (direct
# included) on this shared machine, so the targets are run in ROUNDS alternated rounds and the
# added latencies reported are the medians over the rounds.
rate_run() { # $1 target, $2 seconds
  taskset -c 0 java -Xms2g -Xmx2g -Xmn1800m -cp "$driver" io.stillwatch.bench.load.PacedDriver --url "${URL1[$1]}" \
    --rate "$half" --duration "$2" --warmup 10 --connections "$CONNS" --body "$work/plain.json" -H "authorization:$AUTH"
}
rate_run stillwatch "$RATE_WARMUP" >/dev/null
declare -A P50 P99 ADD50 ADD99
gc_before=$(grep -c Pause "$work/gateway1-gc.log" || true)
thread_ticks "$gw1_pid" > "$work/threads2-0.txt"
for r in $(seq 1 "$ROUNDS"); do
  for t in direct nginx netty-bare stillwatch; do
    line=$(rate_run "$t" "$RATE_SECONDS")
    P50[$t]=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$line"); P99[$t]=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$line")
    printf '  round %d %-10s %s\n' "$r" "$t" "$line"
  done
  for t in nginx netty-bare stillwatch; do
    ADD50[$t]+="$((P50[$t]-P50[direct])) "; ADD99[$t]+="$((P99[$t]-P99[direct])) "
  done
done
thread_ticks "$gw1_pid" > "$work/threads2-1.txt"
awk -v hz="$HZ" '
  NR == FNR {u0[$1] = $3; s0[$1] = $4; next}
  {k = $2; gsub(/[0-9#]+$/, "", k); gsub(/-thread-$/, "", k); c[k] += $3 - u0[$1] + $4 - s0[$1]}
  END {printf "  stillwatch CPU by thread over the rounds (it idles in the other targets'"'"' windows), ms:"; for (k in c) if (c[k] > 0)
    printf " %s %d;", k, c[k]*1000/hz; print ""}' "$work/threads2-0.txt" "$work/threads2-1.txt"
grep Pause "$work/gateway1-gc.log" | tail -n +"$((gc_before + 1))" | awk '{sub(/ms$/, "", $NF); n++; t += $NF; if ($NF > m) m = $NF}
  END {printf "  stillwatch GC pauses over the rounds: %d, %.1f ms in all, longest %.2f ms\n", n, t, m}'
for t in nginx netty-bare stillwatch; do
  # shellcheck disable=SC2086
  printf '  added by %-10s p50 %+.0f us   p99 %+.0f us   (median of %d rounds; p99 by round: %s)\n' "$t" \
    "$(median ${ADD50[$t]})" "$(median ${ADD99[$t]})" "$ROUNDS" "${ADD99[$t]% }"
done
nginx -p "$work" -c "$work/nginx1.conf" -s stop 2>/dev/null || true
kill "$gw1_pid" "$netty1_pid" 2>/dev/null || true

echo "== 3. stream time to first byte (2000 streams, 16 at a time)"
for t in direct nginx stillwatch; do
  line=$(drive ttfb --url "${URL[$t]}" --requests 2000 --concurrency 16 --body "$work/stream.json" -H "authorization:$AUTH")
  printf '  %-10s %s\n' "$t" "$line"
done

fi # ONLY_STREAMS

echo "== 4. concurrent open streams held by one gateway with -Xmx512m ($STREAMS streams, 1 token/s each)"
echo "  (file descriptor limit per process: $(ulimit -n))"
[ -n "${gw_pid:-}" ] && { kill "$gw_pid"; wait "$gw_pid" 2>/dev/null || true; }
java -Xmx1g -jar "$jar" mock-upstream --port "$SLOW" --tokens-per-second 1 --tokens 120 2>"$work/slow.log" & pids+=($!)
# generous upstream connect timeout: on a loaded 2-core box the mock accepts thousands of new
# connections slowly, which is the harness's limit, not the gateway's
h2=true; [ -n "${UPSTREAM_HTTP1:-}" ] && h2=false   # UPSTREAM_HTTP1=1 STREAMS=9900: the HTTP/1.1 upstream path
cat > "$work/gateway2.yaml" <<YAML
listen: {host: 127.0.0.1, port: $GW2, admin_port: $ADMIN2}
upstreams:
  slow: {base_url: "http://127.0.0.1:$SLOW", connect_timeout: 60s, first_byte_timeout: 60s, idle_timeout: 60s,
         http2: $h2}
routes: [{model: "*", upstream: slow}]
YAML
java -Xmx512m -jar "$jar" serve --config "$work/gateway2.yaml" --data "$work/data" 2>"$work/gateway2.log" & gw2_pid=$!; pids+=($gw2_pid)
wait_port "$SLOW"; wait_port "$GW2"
drive streams --url "http://127.0.0.1:$GW2/v1/chat/completions" --count "$STREAMS" --ramp "${RAMP:-250}" --hold 20 \
  --marker "$work/held" --body "$work/long.json" -H "authorization:$AUTH" >"$work/streams.log" 2>&1 & drv=$!; pids+=($drv)
for _ in $(seq 1 200); do [ -f "$work/held" ] && break; sleep 1; done
sleep 5
metrics=$(curl -s "http://127.0.0.1:$ADMIN2/metrics")
open=$(awk '/^stillwatch_gateway_open_streams/ {print $2}' <<<"$metrics")
jcmd "$gw2_pid" GC.run >/dev/null 2>&1 || true
live=$(jcmd "$gw2_pid" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}')
echo "  gateway open streams (its own gauge): $open; live heap after a full GC: ${live:-n/a}"
wait "$drv" || true
grep -E "^streams (held|after|failed)" "$work/streams.log" || tail -3 "$work/streams.log"
kill -0 "$gw2_pid" 2>/dev/null && echo "  gateway still running after the hold: yes" || echo "  gateway still running: NO"
printf '  gateway error log lines: %s\n' "$(grep -c '"level":"ERROR"' "$work/gateway2.log" || true)"
grep -oE '"formattedMessage":"[^"]{0,160}' "$work/gateway2.log" | grep -vE 'listening|stopped' | sed -E 's/exchange x_[0-9a-f]+/exchange …/' \
  | sort | uniq -c | sort -rn | head -5 | sed 's/^/  gateway log: /' || true
echo "== done; $(uptime)"
