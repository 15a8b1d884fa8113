# Helpers for the `agoras tiktok video` / `status` end-to-end tests.  Source after lib.sh and
# client_lib.sh.  Each scenario group starts its own sandbox (cheap) with a state file whose
# creator has a high daily post cap, so TikTok's per-token rate limits (6 inits a minute) and the
# 15-posts-a-day cap never get in the way of the test itself.

MARK=0

# state_file JSON: write a sandbox state file under $T and print its path.
state_file() {
    local f="$T/state.$RANDOM.json"
    printf '%s\n' "$1" >"$f"
    echo "$f"
}

# account_json [extra fields]: the default creator with a high daily post cap plus extra fields.
account_json() {
    echo "{\"username\":\"sandbox_creator\",\"nickname\":\"Sandbox Creator\",\"daily_post_cap\":1000${1:+,$1}}"
}

# vstart [--account 'extra fields'] [--unaudited] [sandbox flags...]: start a sandbox (processing
# takes 300 ms unless a flag says otherwise), point agoras at it with a fresh store, authorize.
vstart() {
    local extra='' apps=''
    while [ $# -gt 0 ]; do
        case "$1" in
        --account) extra=$2; shift 2 ;;
        --unaudited)
            apps='"apps":[{"client_key":"sbx_client_key","client_secret":"sbx_client_secret","redirect_uris":["http://127.0.0.1:*/callback/"],"audited":false}],'
            shift ;;
        *) break ;;
        esac
    done
    collect_secrets
    sbx_start --auto-approve --complete-after 300 \
        --state "$(state_file "{$apps\"accounts\":[$(account_json "$extra")]}")" "$@"
    client_env
    authorize_ok
    mark
}

# new_client: a fresh store and a fresh grant on the running sandbox (a new rate-limit window).
new_client() {
    client_env
    authorize_ok
    mark
}

# mark: later `sent` calls count only the requests after this point.
mark() {
    MARK=$(requests_mark)
}

# TikTok's routes as the sandbox counts them (GET /_sandbox/requests, without "tiktok:").
INIT=/v2/post/publish/video/init/
INBOX_INIT=/v2/post/publish/inbox/video/init/
CONTENT_INIT=/v2/post/publish/content/init/
CREATOR_INFO=/v2/post/publish/creator_info/query/
STATUS_FETCH=/v2/post/publish/status/fetch/
CANCEL=/v2/post/publish/cancel/
OAUTH_TOKEN=/v2/oauth/token/
UPLOAD=upload # any PUT to an upload_url

# sent ROUTE...: how many requests these TikTok routes received since the mark (answered, faulted
# or dropped alike).
sent() {
    local n=0 route
    for route in "$@"; do n=$((n + $(requests_count "tiktok:$route" "$MARK"))); done
    echo "$n"
}

# sent_any: how many requests any emulated route received since the mark.
sent_any() {
    echo $(($(requests_mark) - MARK))
}

# inits: video inits (direct or to the inbox) since the mark.
inits() {
    sent "$INIT" "$INBOX_INIT"
}

# posts_count: how many posts the running sandbox holds.
posts_count() {
    sandbox_state "len(s['posts'])"
}

# last_post FIELD: a field of the sandbox's newest post (Python repr; lists/bools as JSON).
last_post() {
    sandbox_state "json.dumps(s['posts'][-1].get('$1')) if not isinstance(s['posts'][-1].get('$1'), str) else s['posts'][-1]['$1']"
}

sha_of() {
    sha256sum "$1" | cut -d' ' -f1
}

# assert_nothing_sent NAME: no init reached the sandbox since the mark and no post exists.
assert_nothing_sent() {
    expect "$1: no init request" "$(inits)" 0
    expect "$1: no post in the sandbox" "$(posts_count)" 0
}

# assert_refused NAME TEXT: exit 4, stderr says TEXT, nothing was sent.
assert_refused() {
    assert_rc "$1" 4
    assert_err "$1" "$2"
    assert_nothing_sent "$1"
}

# assert_json_line NAME PY_CHECK: stdout is exactly one line of compact JSON (as json.dumps with
# compact separators would write it) and PY_CHECK (a Python expression over it as j) is true.
assert_json_line() {
    local why
    why=$("$PY" - "$OUT" "$2" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = text.split("\n")
if len(lines) != 2 or lines[1] != "":
    print("stdout is not exactly one line: %r" % text[:300]); sys.exit()
try:
    j = json.loads(lines[0])
except ValueError as e:
    print("stdout is not JSON: %s: %r" % (e, lines[0][:300])); sys.exit()
if json.dumps(j, separators=(",", ":"), ensure_ascii=False) != lines[0]:
    print("stdout JSON is not compact: %r" % lines[0][:300]); sys.exit()
if not eval(sys.argv[2], {"j": j, "re": __import__("re")}):
    print("check failed: %s on %r" % (sys.argv[2], lines[0][:300]))
EOF
)
    if [ -z "$why" ]; then ok; else fail "$1: $why"; fi
}

# The result line of a finished direct post: publish_id, status, post_ids as 19-digit strings.
RESULT_OK='list(j) == ["publish_id", "status", "post_ids"] and j["status"] == "PUBLISH_COMPLETE" and all(isinstance(p, str) and re.fullmatch(r"[0-9]{19}", p) for p in j["post_ids"])'

# run_agoras_rss ARGS...: run_agoras, also setting RSS_KB to the peak resident set size (KiB) of
# agoras and its children (the media probe), as /usr/bin/time measures it.
run_agoras_rss() {
    /usr/bin/time -f %M -o "$T/rss" "$AGORAS_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null && RC=0 || RC=$?
    cat "$OUT" "$ERR" >>"$SECRETS_LOG"
    RSS_KB=$(tail -n 1 "$T/rss")
}

json_out() {
    "$PY" -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$OUT"
}

# gen_big FILE: a valid H.264 MP4 of about 132 MB (13 chunks of the plan), made in a few seconds:
# lossless x264 of random noise does not compress.
gen_big() {
    [ -s "$1" ] || ffmpeg -loglevel error -y -f rawvideo -pix_fmt yuv420p -s 640x360 -r 30 -i /dev/urandom \
        -t 8 -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p "$1"
}

# wait_for_post [N]: poll the sandbox (10 s at most) until it holds N posts (default 1).
wait_for_post() {
    local i
    for i in $(seq 1 200); do
        [ "$(posts_count)" -ge "${1:-1}" ] && return 0
        sleep 0.05
    done
    return 1
}

# wait_port_file FILE: wait (up to 5 s) for a helper server to write its port, then print it.
wait_port_file() {
    local i
    for i in $(seq 1 100); do
        [ -s "$1" ] && break
        sleep 0.05
    done
    cat "$1"
}

# http_server DIR [--slow]: serve DIR over plain http on loopback (a host the sandbox has not
# verified); --slow trickles bodies (1 KB every 100 ms) so a pull can be cancelled.  Sets SRV_URL.
http_server() {
    local dir=$1 slow=${2:-} pf="$T/srv.$RANDOM"
    "$PY" - "$dir" "$pf" "$slow" 2>>"$T/http-server.log" <<'EOF' &
import http.server, os, sys, time
root, portfile, slow = sys.argv[1], sys.argv[2], sys.argv[3] == "--slow"
class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def copyfile(self, src, dst):
        if not slow:
            return super().copyfile(src, dst)
        while True:
            b = src.read(1024)
            if not b:
                return
            dst.write(b)
            dst.flush()
            time.sleep(0.1)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
EOF
    SRV_PIDS+=($!)
    SRV_URL="http://127.0.0.1:$(wait_port_file "$pf")"
}

# upload_proxy MODE N: an HTTP proxy in front of the running sandbox that rewrites upload_url to
# itself and breaks the N-th upload PUT (1-based): MODE "lose-answer" forwards the whole chunk and
# then drops the connection without answering (the sandbox has the chunk, the client does not
# know); MODE "cut-body" forwards half the chunk and then drops both connections.  Sets PROXY_URL.
upload_proxy() {
    local pf="$T/proxy.$RANDOM"
    "$PY" - "$SBX_PORT" "$1" "$2" "$pf" 2>>"$T/proxy.log" <<'EOF' &
import http.client, http.server, os, socket, sys, threading
upstream, mode, nth, portfile = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
lock = threading.Lock()
puts = [0]
class P(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def relay(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        breaking = False
        if self.command == "PUT":
            with lock:
                puts[0] += 1
                breaking = puts[0] == nth
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        if breaking and mode == "cut-body":
            s = socket.create_connection(("127.0.0.1", upstream))
            head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (self.command, self.path, upstream)
            head += "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
            s.sendall(head.encode() + body[: len(body) // 2])
            s.close()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        c = http.client.HTTPConnection("127.0.0.1", upstream, timeout=120)
        c.request(self.command, self.path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        if breaking:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        me = "http://127.0.0.1:%d" % self.server.server_address[1]
        data = data.replace(("http://127.0.0.1:%d/video/" % upstream).encode(), (me + "/video/").encode())
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = do_PUT = relay
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), P)
s.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
EOF
    SRV_PIDS+=($!)
    PROXY_URL="http://127.0.0.1:$(wait_port_file "$pf")"
}

SRV_PIDS=()
stop_servers() {
    local pid
    for pid in "${SRV_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    SRV_PIDS=()
}

# collect_secrets: remember every access and refresh token the running sandbox issued.
ALL_SECRETS=
collect_secrets() {
    [ -n "${SBX_URL:-}" ] || return 0
    ALL_SECRETS+=" $(sandbox_state "' '.join(g['access_token']+' '+g['refresh_token'] for g in s['grants'])" 2>/dev/null)"
}

# video_finish: no secret of any sandbox of this script was printed; stop helpers; report.
video_finish() {
    collect_secrets
    # shellcheck disable=SC2086
    assert_no_secrets "$CLIENT_SECRET" $ALL_SECRETS
    stop_servers
    finish
}

video_cleanup() {
    local rc=$?
    stop_servers
    (exit "$rc")
    cleanup
}
trap video_cleanup EXIT
