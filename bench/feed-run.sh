#!/usr/bin/env bash
# bench/feed-run.sh: feed-publish to several networks in one run (one process per network, concurrent)
# against the sum of single-network runs of the same item, with every emulated request delayed by
# agoras-sandbox --latency, so the numbers are dominated by network round trips as in real use.
#
#   BUILD=build bench/feed-run.sh     # called by bench/run; prints a small table, exit 0/1/2
#
# Environment: BENCH_FEED_LATENCY_MS (default 200), BENCH_FEED_RUNS (pairs, default 2: TikTok allows
# 6 inits a minute), BENCH_FEED_NETWORKS (default: telegram tiktok, and x when registered).
# Target: the multi-network run takes less than 125 % of the slowest network alone (not the sum).
# Talks only to an agoras-sandbox and a feed server it starts on 127.0.0.1; writes under $BUILD/bench-out.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
AGORAS=$BUILD/src/cli/agoras
SANDBOX=$BUILD/src/sandbox/agoras-sandbox
LATENCY=${BENCH_FEED_LATENCY_MS:-200}
RUNS=${BENCH_FEED_RUNS:-2}
PY=/usr/bin/python3
W=$(mktemp -d "${TMPDIR:-/tmp}/agoras-bench-feed.XXXXXX")
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"' EXIT
die() {
	echo "bench feed-run: $*" >&2
	exit 2
}
[ -x "$AGORAS" ] && [ -x "$SANDBOX" ] || die "build first: no $AGORAS or $SANDBOX"
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_file() { for _ in $(seq 1 100); do [ -s "$1" ] && return 0; sleep 0.05; done; die "$2 did not start"; }

NETWORKS=${BENCH_FEED_NETWORKS:-telegram tiktok$("$AGORAS" x --help >/dev/null 2>&1 && echo " x" || true)}

mkdir -p "$W/media" "$W/feeds"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=1080x1350 -frames:v 1 "$W/media/a.jpg"
"$SANDBOX" --port 0 --port-file "$W/sbx.port" --auto-approve --media-dir "$W/media" --complete-after 100 \
	--latency "$LATENCY" 2>"$W/sandbox.log" &
PIDS+=($!)
wait_file "$W/sbx.port" agoras-sandbox
SBX=http://127.0.0.1:$(cat "$W/sbx.port")
"$PY" -c '
import http.server, os, sys
os.chdir(sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()' "$W/feeds" "$W/feed.port" 2>/dev/null &
PIDS+=($!)
wait_file "$W/feed.port" "the feed server"
FEED=http://127.0.0.1:$(cat "$W/feed.port")/feed.xml

# Credentials: one authorized store, copied for every run (each run starts with an empty ledger).
export AGORAS_STORAGE_DIR=$W/base AGORAS_TIKTOK_API_BASE=$SBX AGORAS_TIKTOK_AUTHORIZE_URL=$SBX/v2/auth/authorize/
export TIKTOK_CLIENT_KEY=sbx_client_key TIKTOK_CLIENT_SECRET=sbx_client_secret TIKTOK_USERNAME=sandbox_creator
export BROWSER="curl -s -o /dev/null -L" AGORAS_TELEGRAM_API_BASE=$SBX/telegram
export TELEGRAM_BOT_TOKEN=123456:sbx-telegram-token TELEGRAM_CHAT_ID=@sbx_channel
export AGORAS_X_API_BASE=$SBX/x TWITTER_CONSUMER_KEY=sbx-x-consumer-key TWITTER_CONSUMER_SECRET=sbx-x-consumer-secret
export TWITTER_OAUTH_TOKEN=1000000001-sbxWriteToken TWITTER_OAUTH_SECRET=sbx-x-token-secret # the sandbox's built-in app
case " $NETWORKS " in *" tiktok "*)
	"$AGORAS" tiktok authorize --redirect-uri "http://127.0.0.1:$(free_port)/callback/" --timeout 30 \
		>"$W/authorize.log" 2>&1 || die "tiktok authorize failed: $(tail -1 "$W/authorize.log")" ;;
esac
mkdir -p "$AGORAS_STORAGE_DIR" && chmod 700 "$AGORAS_STORAGE_DIR"

# run_once KIND NETWORKS: prints "KIND NET ms", the wall time of one feed-publish of a fresh item with a
# fresh ledger (NET is "-" for several).
N=0
run_once() {
	local kind=$1
	shift
	N=$((N + 1))
	cat >"$W/feeds/feed.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title><link>https://blog.example/</link>
<description>bench</description><item><title>Bench item $N</title><link>https://blog.example/$N</link>
<guid>urn:bench:$N</guid><pubDate>$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')</pubDate>
<enclosure url="$SBX/media/a.jpg" type="image/jpeg" length="1000"/></item></channel></rss>
XML
	rm -rf "$W/store" && cp -a "$W/base" "$W/store"
	local t0 t1
	t0=$(date +%s%N)
	AGORAS_STORAGE_DIR=$W/store "$AGORAS" utils feed-publish --network "${1// /,}" --mode last --feed-url "$FEED" \
		>"$W/run.out" 2>"$W/run.err" || die "feed-publish --network $1 failed: $(cat "$W/run.out" "$W/run.err")"
	t1=$(date +%s%N)
	[ "$(grep -c '"status":"published"' "$W/run.out")" -eq "$(wc -w <<<"$1")" ] || die "not every network published: $(cat "$W/run.out")"
	echo "$kind $([ "$kind" = all ] && echo - || echo "$1") $(((t1 - t0) / 1000000))"
}

echo "bench: feed-publish to $NETWORKS, sandbox latency $LATENCY ms per request, $RUNS runs each" >&2
{
	for r in $(seq 1 "$RUNS"); do
		for net in $NETWORKS; do run_once single "$net"; done
		run_once all "$NETWORKS"
	done
} >"$W/times"
"$PY" - "$W/times" "$NETWORKS" "$LATENCY" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
nets = sys.argv[2].split()
med = lambda xs: statistics.median(xs)
single = {n: med([int(t) / 1e3 for k, m, t in rows if k == "single" and m == n]) for n in nets}
both = med([int(t) / 1e3 for k, m, t in rows if k == "all"])
total = sum(single.values())
print(f"feed-publish, sandbox latency {sys.argv[3]} ms per request (medians):")
for n in nets:
    print(f"  {n:<9} alone        {single[n]:6.2f} s")
print(f"  sum of the single-network runs {total:6.2f} s")
print(f"  one run to all {len(nets)}            {both:6.2f} s  ({both / total * 100:.0f} % of the sum; slowest alone {max(single.values()):.2f} s)")
ok = both < 1.25 * max(single.values())
print(f"  {'PASS' if ok else 'FAIL'}: concurrent networks (< 125 % of the slowest network alone)")
sys.exit(0 if ok else 1)
EOF
