#!/usr/bin/env bash
# Secrets (issue 11): run authorize, video, post, status, whoami and revoke at DEBUG level and grep
# every byte agoras wrote — stdout, stderr (the debug log) and every file it left under TMPDIR —
# for the client secret, every access and refresh token, the authorization code and the PKCE
# verifier.  Store files and directories must be 0600/0700.
# (That `ps`/`/proc/<pid>/cmdline` of a running authorize does not show --client-secret is checked
# in test_tiktok_authorize.sh.)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

M=$T/media
mkdir -p "$M" "$T/tmpdir"
gen_video "$M/clip.mp4" 1 640x360 25
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=720x720:rate=1 -frames:v 1 "$M/a.jpg"
echo '{"accounts":[{"username":"sandbox_creator","nickname":"Sandbox Creator","daily_post_cap":1000}]}' >"$T/state.json"
# 2 s access tokens: agoras refreshes at half-life, so rotated tokens pass through the commands.
sbx_start --auto-approve --access-ttl 2 --complete-after 100 --media-dir "$M" --state "$T/state.json"
client_env
export TMPDIR=$T/tmpdir
# A distinctive secret nothing else would print by accident.
export TIKTOK_CLIENT_SECRET=$CLIENT_SECRET

# A recording proxy in front of the API: it keeps the token endpoint's requests and answers, so the
# test knows the PKCE verifier (the sandbox keeps only the challenge) and every token ever issued
# (the sandbox keeps only the current ones).
"$PY" - "$SBX_PORT" "$T/proxy.port" "$T/token-requests" 2>>"$T/proxy.log" <<'PYEOF' &
import http.server, os, sys, urllib.request, urllib.error
up, portfile, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class P(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (up, self.path), data=body, method="POST",
            headers={k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")})
        try:
            r = urllib.request.urlopen(req); code, data, hdrs = r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            code, data, hdrs = e.code, e.read(), e.headers
        if self.path.startswith("/v2/oauth/"):
            with open(log, "ab") as f: f.write(body + b"\n" + data + b"\n")
        self.send_response(code)
        self.send_header("Content-Type", hdrs.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), P)
open(portfile + ".tmp", "w").write(str(s.server_address[1])); os.rename(portfile + ".tmp", portfile)
s.serve_forever()
PYEOF
PROXY_PID=$!
trap 'rc=$?; kill "$PROXY_PID" 2>/dev/null; (exit $rc); cleanup' EXIT
for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
export AGORAS_TIKTOK_API_BASE=http://127.0.0.1:$(cat "$T/proxy.port")

# The browser: follow the redirects to agoras's callback and remember the final URL (it has the code).
cat >"$T/browser.sh" <<EOF
#!/bin/sh
curl -s -o /dev/null -L -w '%{url_effective}' "\$1" >"$T/callback-url"
EOF
chmod +x "$T/browser.sh"
BROWSER=$T/browser.sh run_agoras -l DEBUG tiktok authorize --redirect-uri "$CALLBACK" --timeout 20
assert_rc "authorize" 0
CODE=$(query_param "$(cat "$T/callback-url")" code)
VERIFIER=$(tr '&' '\n' <"$T/token-requests" | sed -n 's/^code_verifier=//p' | head -1)
[ ${#CODE} -ge 8 ] && ok || fail "no authorization code captured"
[ ${#VERIFIER} -ge 43 ] && ok || fail "no PKCE verifier captured"

sleep 2 # the 2 s access token has expired: this run refreshes and rotates
run_agoras -l DEBUG tiktok whoami
assert_rc "whoami" 0
sleep 2 # the 2 s access token has expired: this run refreshes and rotates
run_agoras tiktok video -l DEBUG --video-file "$M/clip.mp4" --title "secrets"
assert_rc "video" 0
PUBLISH_ID=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['publish_id'])" "$OUT")
sleep 2 # the 2 s access token has expired: this run refreshes and rotates
run_agoras tiktok post -l DEBUG --image-1 "$SBX_URL/media/a.jpg" --title "secrets"
assert_rc "post" 0
sleep 2 # the 2 s access token has expired: this run refreshes and rotates
run_agoras tiktok status -l DEBUG --publish-id "$PUBLISH_ID"
assert_rc "status" 0
run_agoras tiktok video -l DEBUG --video-file "$M/clip.mp4" --dry-run
assert_rc "video --dry-run" 0
run_agoras utils tokens show --platform tiktok -l DEBUG
assert_rc "tokens show (masked)" 0

# Permissions, while the store exists.
perm() { stat -c %a "$1"; }
expect "store dir mode" "$(perm "$AGORAS_STORAGE_DIR")" 700
expect "tokens dir mode" "$(perm "$AGORAS_STORAGE_DIR/tokens")" 700
expect "key file mode" "$(perm "$AGORAS_STORAGE_DIR/.key")" 600
for f in "$AGORAS_STORAGE_DIR"/tokens/*; do expect "mode of $(basename "$f")" "$(perm "$f")" 600; done
# Files agoras created under TMPDIR (none should be left; any that are must be private).
while IFS= read -r f; do
    case "$(stat -c %F "$f")" in
    directory) expect "temp dir $f mode" "$(perm "$f")" 700 ;;
    *) expect "temp file $f mode" "$(perm "$f")" 600 ;;
    esac
done < <(find "$TMPDIR" -mindepth 1)

run_agoras -l DEBUG tiktok revoke
assert_rc "revoke" 0

# Every byte written: stdout and stderr of all runs, plus every file left under TMPDIR.
find "$TMPDIR" -type f -exec cat {} + >>"$SECRETS_LOG" 2>/dev/null
grep -q 'debug: ' "$SECRETS_LOG" && ok || fail "no debug output: the test would prove nothing"
TOKENS=$(grep -o '"\(access\|refresh\)_token":"[^"]*"' "$T/token-requests" | cut -d'"' -f4 | sort -u)
# shellcheck disable=SC2086
[ "$(echo $TOKENS | wc -w)" -ge 8 ] && ok || fail "expected several rotated tokens, got: $(echo $TOKENS | wc -w)"
# shellcheck disable=SC2086
assert_no_secrets "$CLIENT_SECRET" "$CODE" "$VERIFIER" $TOKENS
finish
