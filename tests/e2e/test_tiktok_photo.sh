#!/usr/bin/env bash
# agoras tiktok post (SPEC §2.4, TIKTOK_API.md §2.5, §2.8, §4.4) against agoras-sandbox: 1, 4 and 35
# images in order with the cover index, drafts, every refusal that must happen before anything is sent
# (36 images, PNG, > 20 MB, > 1080 px short side, 404, title/description length in UTF-16 units,
# duet/stitch, cover index, privacy), the sandbox's own refusals and failures (unverified URL,
# photo_pull_failed), --dry-run, --no-wait, --wait-timeout, and the one-line JSON result.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

MEDIA=$T/media
mkdir -p "$MEDIA"

# ---- media: real JPEG/WebP/PNG files, made once per run ----
img() { # img OUT SOURCE SIZE [ffmpeg output args]
    local out=$1 src=$2 size=$3
    shift 3
    ffmpeg -loglevel error -y -f lavfi -i "$src=size=$size" -frames:v 1 "$@" "$MEDIA/$out"
}
img a.jpg testsrc 1080x1350
img b.webp smptebars 1080x1350 -c:v libwebp
img c.jpg testsrc2 720x720
img d.webp testsrc 1350x1080 -c:v libwebp -lossless 1
img e.png testsrc 640x640
img wide.jpg testsrc 1440x1920 # 1440 px on the short side
cp "$MEDIA/e.png" "$MEDIA/png-named.jpg"
# > 20 MB (20 MiB = 20971520 bytes) and still a JPEG by content: a real image padded after its end.
cp "$MEDIA/c.jpg" "$MEDIA/huge.jpg"
truncate -s 22000000 "$MEDIA/huge.jpg"
# 35 distinct URLs, JPEG and WebP alternating.
for i in $(seq -w 1 36); do
    if [ $((10#$i % 2)) -eq 0 ]; then cp "$MEDIA/b.webp" "$MEDIA/p$i.webp"; else cp "$MEDIA/a.jpg" "$MEDIA/p$i.jpg"; fi
done
[ -s "$MEDIA/b.webp" ] && [ -s "$MEDIA/d.webp" ] && [ -s "$MEDIA/huge.jpg" ] || { echo "ffmpeg failed"; exit 1; }

# ---- a second image host: /ok/ serves files, /fail/ answers HEAD and ranged GETs (what agoras's
# preflight sends) but refuses the plain GET TikTok pulls with, /slow/ delays that plain GET ----
cat >"$T/host.py" <<'EOF'
import http.server, os, re, signal, sys, time
root, port_file = sys.argv[1], sys.argv[2]
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def target(self):
        m = re.match(r"^/(ok|fail|slow)/([A-Za-z0-9._-]+)$", self.path)
        if not m or not os.path.isfile(os.path.join(root, m.group(2))):
            self.send_error(404); return None, None
        return m.group(1), os.path.join(root, m.group(2))
    def do_HEAD(self):
        mode, path = self.target()
        if path:
            self.send_response(200); self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(os.path.getsize(path))); self.end_headers()
    def do_GET(self):
        mode, path = self.target()
        if not path: return
        data = open(path, "rb").read()
        rng = re.match(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
        if rng:
            a, b = int(rng.group(1)), min(int(rng.group(2)), len(data) - 1)
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (a, b, len(data)))
            data = data[a:b + 1]
        elif mode == "fail":
            self.send_error(503); return
        else:
            if mode == "slow": time.sleep(4)
            self.send_response(200)
        self.send_header("Content-Type", "image/jpeg"); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
open(port_file + ".tmp", "w").write("%d\n" % srv.server_address[1]); os.rename(port_file + ".tmp", port_file)
srv.serve_forever()
EOF
"$PY" "$T/host.py" "$MEDIA" "$T/host.port" 2>>"$T/sandbox.log" &
SBX_PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$T/host.port" ] && break; sleep 0.05; done
HOST="http://127.0.0.1:$(cat "$T/host.port")"

# ---- helpers ----
# start_sandbox: a fresh sandbox (TikTok's per-minute limits are per token: 6 content/init) serving
# $MEDIA, where /fail/ and /slow/ on the second host are verified prefixes and /ok/ is not.
SECRETS=("$CLIENT_SECRET")
collect_secrets() { # every token the current sandbox issued, for assert_no_secrets
    # shellcheck disable=SC2207
    SECRETS+=($(sandbox_state "' '.join(g['access_token']+' '+g['refresh_token'] for g in s['grants'])"))
}
start_sandbox() {
    [ -n "${SBX_URL:-}" ] && collect_secrets
    sbx_start --auto-approve --media-dir "$MEDIA" --complete-after 100 \
        --verified-prefix "$HOST/fail/" --verified-prefix "$HOST/slow/" "$@"
    client_env
    authorize_ok
    M=$SBX_URL/media
}

inits() { requests_count tiktok:/v2/post/publish/content/init/; }

# refused NAME RC TEXT ARGS...: agoras refuses with RC and TEXT on stderr, and sends no content/init.
refused() {
    local name=$1 rc=$2 text=$3 before
    shift 3
    before=$(inits)
    run_agoras tiktok post "$@"
    assert_rc "$name" "$rc"
    assert_err "$name: message" "$text"
    expect "$name: nothing sent" "$(inits)" "$before"
    expect "$name: nothing on stdout" "$(wc -c <"$OUT")" 0
}

# last_post EXPR: a Python expression over the sandbox's newest post (as p).
last_post() {
    sandbox_state "(lambda p: $1)(s['posts'][-1])"
}

# result_line: stdout is exactly one compact JSON object line; prints "status|post_ids ok|publish_id".
result_line() {
    "$PY" - "$OUT" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
lines = text.split("\n")
ok = len(lines) == 2 and lines[1] == ""
try:
    v = json.loads(lines[0])
except Exception:
    print("not-json"); sys.exit()
compact = json.dumps(v, separators=(",", ":"), ensure_ascii=False) == lines[0]
ids = v.get("post_ids", [])
strs = all(isinstance(i, str) and i.isdigit() for i in ids)
print("%s|%s|%s" % (v.get("status"), "ok" if ok and compact and strs else "bad", v.get("publish_id")))
EOF
}

start_sandbox

# ---- 1 image, title of exactly 90 UTF-16 units (88 ASCII + one emoji counted as 2) ----
T88=$(printf 'a%.0s' $(seq 1 88))
TITLE90="$T88😀"
run_agoras tiktok post --image-1 "$M/a.jpg" --title "$TITLE90" --privacy PUBLIC_TO_EVERYONE
assert_rc "1 image" 0
R=$(result_line)
expect "1 image: result line" "${R%|*}" "PUBLISH_COMPLETE|ok"
expect "1 image: publish_id is the sandbox's" "${R##*|}" "$(last_post "p['publish_id']")"
expect "1 image: one post id" "$(last_post "len(p['publicaly_available_post_id'])")" 1
expect "1 image: images" "$(last_post "p['photo_images']")" "['$M/a.jpg']"
expect "1 image: cover" "$(last_post "p['photo_cover_index']")" 0
expect "1 image: title" "$(last_post "p['title']")" "$TITLE90"
expect "1 image: privacy" "$(last_post "p['privacy_level']")" PUBLIC_TO_EVERYONE
expect "1 image: comments allowed" "$(last_post "p['disable_comment']")" False
assert_err "1 image: posting as" "Posting as Sandbox Creator (@sandbox_creator)"
assert_err "1 image: music usage" "Music Usage Confirmation"

# ---- 4 images: --image-1..4 and --image mixed; the numbered ones come first, then --image in order ----
run_agoras tiktok post --image "$M/c.jpg" --image-1 "$M/a.jpg" --image "$M/d.webp" --image-2 "$M/b.webp" \
    --cover-index 3 --description "four photos" --no-allow-comments --auto-add-music
assert_rc "4 images" 0
expect "4 images: result (SELF_ONLY: no post id)" "$(result_line | cut -d'|' -f1-2)" "PUBLISH_COMPLETE|ok"
expect "4 images: order" "$(last_post "p['photo_images']")" "['$M/a.jpg', '$M/b.webp', '$M/c.jpg', '$M/d.webp']"
expect "4 images: cover" "$(last_post "p['photo_cover_index']")" 3
expect "4 images: description" "$(last_post "p['description']")" "four photos"
expect "4 images: default privacy" "$(last_post "p['privacy_level']")" SELF_ONLY
expect "4 images: comments off" "$(last_post "p['disable_comment']")" True
expect "4 images: music" "$(last_post "p['auto_add_music']")" True
expect "4 images: all pulled" "$(last_post "p['status']")" PUBLISH_COMPLETE

# ---- 35 images (the maximum), cover on the last, a description of exactly 4000 units ----
ARGS=(--image-1 "$M/p01.jpg" --image-2 "$M/p02.webp" --image-3 "$M/p03.jpg" --image-4 "$M/p04.webp")
WANT="'$M/p01.jpg', '$M/p02.webp', '$M/p03.jpg', '$M/p04.webp'"
for i in $(seq -w 5 35); do
    f=p$i.jpg
    [ $((10#$i % 2)) -eq 0 ] && f=p$i.webp
    ARGS+=(--image "$M/$f")
    WANT+=", '$M/$f'"
done
D3998=$(printf 'd%.0s' $(seq 1 3998))
run_agoras tiktok post "${ARGS[@]}" --cover-index 34 --description "$D3998🎉" --privacy PUBLIC_TO_EVERYONE
assert_rc "35 images" 0
expect "35 images: result" "$(result_line | cut -d'|' -f1-2)" "PUBLISH_COMPLETE|ok"
expect "35 images: order" "$(last_post "p['photo_images']")" "[$WANT]"
expect "35 images: cover" "$(last_post "p['photo_cover_index']")" 34
expect "35 images: description length" "$(last_post "len(p['description'])")" 3999

# ---- --draft: MEDIA_UPLOAD, no direct-post fields, SEND_TO_USER_INBOX ----
run_agoras tiktok post --image-1 "$M/a.jpg" --image-2 "$M/b.webp" --title "draft" --draft \
    --privacy PUBLIC_TO_EVERYONE
assert_rc "draft" 0
expect "draft: result" "$(result_line | cut -d'|' -f1-2)" "SEND_TO_USER_INBOX|ok"
expect "draft: inbox post" "$(last_post "p['inbox']")" True
expect "draft: inbox publish_id" "$(last_post "p['publish_id'].startswith('p_inbox_url~v2.')")" True
expect "draft: no privacy_level" "$(last_post "'privacy_level' in p")" False
expect "draft: title kept" "$(last_post "p['title']")" draft
assert_err "draft: tells the user to finish in the app" "Open the notification in the TikTok app"

# ---- FAILED with photo_pull_failed: TikTok's download of the second image fails ----
run_agoras tiktok post --image-1 "$M/a.jpg" --image-2 "$HOST/fail/c.jpg"
assert_rc "pull failed" 1
assert_err "pull failed: the reason" "photo_pull_failed"
assert_err "pull failed: explained" "TikTok could not download an image"
expect "pull failed: sandbox status" "$(last_post "p['status'] + ' ' + p['fail_reason']")" "FAILED photo_pull_failed"
expect "pull failed: nothing on stdout" "$(wc -c <"$OUT")" 0

# ---- --no-wait: only the publish_id, right after init ----
run_agoras tiktok post --image-1 "$M/c.jpg" --no-wait
assert_rc "no-wait" 0
expect "no-wait: one line, only publish_id" "$(cat "$OUT")" "{\"publish_id\":\"$(last_post "p['publish_id']")\"}"

# ---- a new token: the six content/init calls a minute are used up ----
authorize_ok

# ---- unverified URL: preflight passes, TikTok refuses with url_ownership_unverified ----
before=$(sandbox_state "len(s['posts'])")
run_agoras tiktok post --image-1 "$M/a.jpg" --image-2 "$HOST/ok/c.jpg"
assert_rc "unverified" 1
assert_err "unverified: the code" "url_ownership_unverified"
assert_err "unverified: the advice" "URL properties on developers.tiktok.com"
assert_err "unverified: names the hosts" "${HOST#http://}"
if grep -q -- "--upload-mode" "$ERR"; then fail "unverified: advice offers --upload-mode (videos only)"; else ok; fi
expect "unverified: no post" "$(sandbox_state "len(s['posts'])")" "$before"

# ---- --wait-timeout: TikTok is still downloading → exit 6 naming the publish_id ----
run_agoras tiktok post --image-1 "$HOST/slow/a.jpg" --wait-timeout 2
assert_rc "wait timeout" 6
assert_err "wait timeout: names the publish_id" "$(last_post "p['publish_id']")"
assert_err "wait timeout: do not post again" "do not post it again"

# ---- --dry-run: everything checked, the request printed, nothing sent ----
before=$(inits)
run_agoras tiktok post --image-1 "$M/a.jpg" --image "$M/b.webp" --title "dry" --cover-index 1 \
    --privacy MUTUAL_FOLLOW_FRIENDS --dry-run
assert_rc "dry-run" 0
expect "dry-run: nothing sent" "$(inits)" "$before"
expect "dry-run: one line" "$(wc -l <"$OUT")" 1
expect "dry-run: the body" "$("$PY" -c 'import json,sys; v=json.load(open(sys.argv[1])); b=v["body"]
print(v["dry_run"], v["endpoint"], b["media_type"], b["post_mode"], b["source_info"]["source"],
      b["source_info"]["photo_cover_index"], len(b["source_info"]["photo_images"]), b["post_info"]["privacy_level"],
      b["post_info"]["title"])' "$OUT")" \
    "True /v2/post/publish/content/init/ PHOTO DIRECT_POST PULL_FROM_URL 1 2 MUTUAL_FOLLOW_FRIENDS dry"
# Agoras's env names: STATUS_IMAGE_URL_1..4, TIKTOK_TITLE, TIKTOK_DESCRIPTION; flags still win.
STATUS_IMAGE_URL_1=$M/a.jpg STATUS_IMAGE_URL_2=$M/b.webp TIKTOK_TITLE="env title" TIKTOK_DESCRIPTION="env text" \
    run_agoras tiktok post --image "$M/c.jpg" --title "flag title" --dry-run
assert_rc "env images" 0
expect "env images: order and text" "$("$PY" -c 'import json,sys; b=json.load(open(sys.argv[1]))["body"]
print([u.rsplit("/",1)[1] for u in b["source_info"]["photo_images"]], b["post_info"]["title"], b["post_info"]["description"])' "$OUT")" \
    "['a.jpg', 'b.webp', 'c.jpg'] flag title env text"
# Branded content: the label and the Branded Content Policy, as Agoras prints them.
run_agoras tiktok post --image-1 "$M/a.jpg" --brand-content --brand-organic --privacy PUBLIC_TO_EVERYONE --dry-run
assert_rc "brand content" 0
assert_err "brand content: label" "Your photo/video will be labeled as 'Paid partnership'"
assert_err "brand content: policy" "Branded Content Policy"
expect "brand content: toggles" "$("$PY" -c 'import json,sys; i=json.load(open(sys.argv[1]))["body"]["post_info"]
print(i["brand_content_toggle"], i["brand_organic_toggle"])' "$OUT")" "True True"
# A dry run still checks the images.
refused "dry-run checks images" 4 "image 2" --image-1 "$M/a.jpg" --image-2 "$M/e.png" --dry-run

# ---- refused before anything is sent ----
ARGS36=("${ARGS[@]}" --image "$M/p36.webp")
refused "36 images" 4 "36 images given; TikTok accepts 1 to 35" "${ARGS36[@]}"
refused "PNG among JPEGs" 4 "image 2" --image-1 "$M/a.jpg" --image-2 "$M/e.png" --image-3 "$M/c.jpg"
assert_err "PNG: names the file" "$M/e.png"
assert_err "PNG: TikTok takes JPEG or WebP" "PNG image, TikTok accepts JPEG, WebP images; convert it to JPEG or WebP"
refused "PNG with a signed URL" 4 "'$M/e.png': PNG image" --image-1 "$M/e.png?X-Amz-Signature=sig0123secret"
if grep -q sig0123secret "$ERR"; then fail "a URL's query (a signature) was printed"; else ok; fi
refused "PNG by content, whatever its name" 4 "PNG image" --image-1 "$M/a.jpg" --image "$M/png-named.jpg"
refused "over 20 MB" 4 "image 3" --image-1 "$M/a.jpg" --image-2 "$M/c.jpg" --image-3 "$M/huge.jpg"
assert_err "over 20 MB: the limit" "22000000 bytes, TikTok accepts up to 20971520 (20MB)"
refused "over 1080 px short side" 4 "image 1" --image-1 "$M/wide.jpg"
assert_err "over 1080 px: explained" "1440x1920 px, TikTok accepts at most 1080 px on the short side"
refused "404 image" 4 "image 2" --image-1 "$M/a.jpg" --image-2 "$M/missing.jpg"
assert_err "404 image: the status" "404"
refused "title of 91 UTF-16 units" 4 "the title is 91 UTF-16 units long; TikTok accepts at most 90" \
    --image-1 "$M/a.jpg" --title "a${TITLE90}"
refused "description of 4001 units" 4 "the description is 4001 UTF-16 units long; TikTok accepts at most 4000" \
    --image-1 "$M/a.jpg" --description "x${D3998}🎉"
refused "image URL not UTF-8" 2 "image 2: the URL is not valid UTF-8" --image-1 "$M/a.jpg" --image "$M/$(printf '\xff').jpg"
refused "title not UTF-8" 4 "the title is not valid UTF-8" --image-1 "$M/a.jpg" --title "$(printf 'bad \xff')"
refused "--allow-duet" 2 "not available for photo posts" --image-1 "$M/a.jpg" --allow-duet
refused "--allow-stitch" 2 "not available for photo posts" --image-1 "$M/a.jpg" --allow-stitch
TIKTOK_ALLOW_DUET=true refused "TIKTOK_ALLOW_DUET from env" 2 "TIKTOK_ALLOW_DUET turns it on" --image-1 "$M/a.jpg"
TIKTOK_ALLOW_STITCH=1 run_agoras tiktok post --image-1 "$M/a.jpg" --no-allow-stitch --dry-run
assert_rc "--no-allow-stitch overrides the env" 0
refused "--cover-index past the images" 2 "--cover-index 2 is out of range for 2 image(s)" \
    --image-1 "$M/a.jpg" --image-2 "$M/c.jpg" --cover-index 2
refused "--cover-index past 35" 2 "cover-index" --image-1 "$M/a.jpg" --cover-index 35
refused "no image" 2 "missing images" --title "nothing"
refused "privacy not allowed" 4 "cannot post with --privacy FOLLOWER_OF_CREATOR; this account allows" \
    --image-1 "$M/a.jpg" --privacy FOLLOWER_OF_CREATOR
refused "branded content cannot be private" 4 "branded content" --image-1 "$M/a.jpg" --brand-content
refused "plain http off loopback" 2 "image 1" --image-1 "http://example.com/a.jpg"

# ---- a creator who turned comments off and may only post privately ----
cat >"$T/private.json" <<'EOF2'
{"accounts": [{"username": "sandbox_creator", "nickname": "Private Creator", "private_account": true,
               "privacy_level_options": ["SELF_ONLY"], "comment_disabled": true}]}
EOF2
start_sandbox --state "$T/private.json"
refused "privacy outside the creator's options" 4 "this account allows: SELF_ONLY" \
    --image-1 "$M/a.jpg" --privacy PUBLIC_TO_EVERYONE
run_agoras tiktok post --image-1 "$M/a.jpg" --allow-comments
assert_rc "comments disabled by the creator" 0
assert_err "comments disabled: said" "comments are turned off for this account"
expect "comments disabled: sent disabled" "$(last_post "p['disable_comment']")" True
expect "comments disabled: private post" "$(result_line | cut -d'|' -f1-2)" "PUBLISH_COMPLETE|ok"

collect_secrets
assert_no_secrets "${SECRETS[@]}"
finish
