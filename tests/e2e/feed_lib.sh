# Helpers for the feed-publish end-to-end tests.  Source after lib.sh, client_lib.sh and telegram_lib.sh.
# feed_start serves $FEEDS (a directory) on 127.0.0.1 with a small Python server that can answer what
# feed clients meet: ETag / Last-Modified and 304, redirects, slow and huge answers.
FEEDS="$T/feeds"
mkdir -p "$FEEDS"

cat >"$T/feed_server.py" <<'PY'
import hashlib, http.server, json, os, sys, time, urllib.parse
root, port_file = sys.argv[1], sys.argv[2]
log = {"requests": {}, "if_none_match": {}}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        path = urllib.parse.urlparse(self.path).path
        if path == "/_log":
            return self.send(200, json.dumps(log).encode())
        log["requests"][path] = log["requests"].get(path, 0) + 1
        log["if_none_match"][path] = self.headers.get("If-None-Match")
        parts = path.strip("/").split("/", 1)
        if parts[0] in ("moved", "found") and len(parts) == 2:
            return self.send(301 if parts[0] == "moved" else 302, headers=[("Location", "/" + parts[1])])
        if parts[0] == "slow":
            time.sleep(float(os.environ.get("FEED_SLOW_S", "5")))
            parts = parts[1:]
        if parts[0] == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"<item><title>" + b"x" * 65000 + b"</title></item>\n"
            try:
                self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
                for _ in range(400):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        f = os.path.join(root, parts[0])
        if not os.path.isfile(f):
            return self.send(404, b"not found")
        body = open(f, "rb").read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, headers=[("ETag", etag)])
        self.send(200, body, [("Content-Type", "application/rss+xml"), ("ETag", etag),
                               ("Last-Modified", "Sat, 05 Dec 2026 10:00:00 GMT")])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(port_file + ".tmp", "w") as p:
    p.write(str(s.server_address[1]))
os.rename(port_file + ".tmp", port_file)
s.serve_forever()
PY

# feed_start: start the feed server; sets FEED_BASE (http://127.0.0.1:PORT) and FEED_PID.
feed_start() {
    local pf="$T/feed_port" i
    rm -f "$pf"
    "$PY" "$T/feed_server.py" "$FEEDS" "$pf" 2>>"$T/feed_server.log" &
    FEED_PID=$!
    for i in $(seq 1 100); do
        [ -s "$pf" ] && break
        sleep 0.05
    done
    [ -s "$pf" ] || { echo "feed server did not start"; cat "$T/feed_server.log"; exit 1; }
    FEED_BASE="http://127.0.0.1:$(cat "$pf")"
    trap 'kill $FEED_PID 2>/dev/null; cleanup' EXIT
}

# feed_requests PATH: how many requests the feed server saw for PATH.
feed_requests() {
    curl -s "$FEED_BASE/_log" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['requests'].get(sys.argv[1], 0))" "$1"
}

# rfc822 SECONDS_AGO: a pubDate that long ago.
rfc822() { LC_ALL=C date -u -d "@$(($(date +%s) - $1))" '+%a, %d %b %Y %H:%M:%S GMT'; }

# rss NAME ITEM...: write $FEEDS/NAME, an RSS 2.0 feed; each ITEM is "guid|title|seconds ago[|image]".
rss() {
    local name=$1 it guid title ago image
    shift
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<rss version="2.0"><channel><title>Test blog</title><link>https://blog.example/</link>'
        echo '<description>test</description>'
        for it in "$@"; do
            IFS='|' read -r guid title ago image <<<"$it"
            echo "<item><title>$title</title><link>https://blog.example/$guid</link>"
            echo "<guid>urn:test:$guid</guid><pubDate>$(rfc822 "$ago")</pubDate>"
            [ -n "$image" ] && echo "<enclosure url=\"$image\" type=\"image/jpeg\" length=\"1000\"/>"
            echo "</item>"
        done
        echo '</channel></rss>'
    } >"$FEEDS/$name"
}

# feed_run ARGS...: agoras utils feed-publish ARGS (run_agoras: sets RC, $OUT, $ERR).
feed_run() { run_agoras utils feed-publish "$@"; }

# lines STATUS: how many stdout lines have "status":"STATUS".
lines() { grep -c "\"status\":\"$1\"" "$OUT"; }

# ledger SQL: run SQL on the store's ledger.
ledger() {
    "$PY" -c "import sqlite3,sys; [print('|'.join('' if v is None else str(v) for v in r)) for r in sqlite3.connect(sys.argv[1], isolation_level=None).execute(sys.argv[2])]" \
        "$AGORAS_STORAGE_DIR/ledger.sqlite" "$1"
}
