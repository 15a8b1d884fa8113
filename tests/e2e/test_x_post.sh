#!/usr/bin/env bash
# agoras x post against the sandbox: text and link weighed as X counts them (never cut), local and URL
# images uploaded before the post, an animated GIF alone, every refusal before anything is sent, the
# refusals X makes (read-only token, unenrolled app, duplicate, credits spent), env-only and store-only
# runs, and Python Agoras's stored record read as it is.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/x_lib.sh"
source "$(dirname "$0")/python_store.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=200x100 -frames:v 1 "$T/media/q.png"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=64x48:rate=5 -t 1 "$T/media/a.gif"
sbx_start --media-dir "$T/media"
x_env

# --- env only (a CI run): nothing stored ---
x_mark
run_agoras x post --text "hello  " --link https://example.com/a
assert_rc "text and link" 0
id=$(out_id)
expect "stored text: '<text> <link>' trimmed" "$(x_tweet "$id" text)" "hello   https://example.com/a"
expect "result line (no stored screen name: x.com/i)" "$(cat "$OUT")" "{\"id\":\"$id\",\"url\":\"https://x.com/i/status/$id\"}"
expect "one create" "$(x_sent tweets)" 1
expect "no store written" "$(find "$AGORAS_STORAGE_DIR" -name 'x-*' 2>/dev/null | wc -l)" 0

STATUS_TEXT="from env" run_agoras twitter post
assert_rc "twitter alias, text from STATUS_TEXT" 0
assert_err "alias warns" "Warning: 'agoras twitter' is deprecated. Use 'agoras x' instead."
expect "alias: text" "$(x_tweet "$(out_id)" text)" "from env"

# --- weighted length: 280, URLs 23, CJK and emoji 2 ---
run_agoras x post --text "$(printf 'a%.0s' $(seq 280))"
assert_rc "280 Latin characters" 0
run_agoras x post --text "$(printf 'b%.0s' $(seq 256))" --link "https://example.com/$(printf 'p%.0s' $(seq 100))"
assert_rc "256 + space + a long URL counted 23 = 280" 0
run_agoras x post --text "$(printf '漢%.0s' $(seq 140))"
assert_rc "140 CJK characters = 280" 0
run_agoras x post --text "$(printf '👩‍👩‍👧%.0s' $(seq 140))"
assert_rc "140 ZWJ emoji sequences = 280" 0
x_mark
run_agoras x post --text "$(printf 'c%.0s' $(seq 281))"
assert_rc "281 characters" 4
assert_err "over-length: the count and the limit" "weighs 281 characters"
run_agoras x post --text "$(printf 'd%.0s' $(seq 257))" --link https://example.com/x
assert_rc "257 + space + URL = 281" 4
run_agoras x post --text "$(printf '漢%.0s' $(seq 141))"
assert_rc "141 CJK characters = 282" 4
run_agoras x post --text "$(printf '😀%.0s' $(seq 141))"
assert_rc "141 emoji = 282" 4
run_agoras x post --text $'\xff\xfe'
assert_rc "not UTF-8" 4
expect "over-length: nothing sent" "$(x_sent tweets)" 0

# --- images: local, by URL, up to 4, uploaded before the post ---
x_mark
run_agoras x post --text one --image-1 "$T/media/p.jpg"
assert_rc "one local image" 0
id=$(out_id)
expect "one-shot upload" "$(x_sent media_upload)" 1
expect "the post carries the media" "$("$PY" -c "import json,sys; print(len(json.loads(sys.argv[1])))" "$(x_tweet "$id" media_ids)")" 1
x_mark
run_agoras x post --text four --image-1 "$T/media/p.jpg" --image-2 "$SBX_URL/media/q.png" --image-3 "$T/media/q.png" --image-4 "$SBX_URL/media/p.jpg"
assert_rc "four images, two by URL" 0
expect "four uploads" "$(x_sent media_upload)" 4
expect "four media ids" "$("$PY" -c "import json,sys; print(len(json.loads(sys.argv[1])))" "$(x_tweet "$(out_id)" media_ids)")" 4
run_agoras x post --image-2 "$T/media/p.jpg"
assert_rc "an image without text" 0
x_mark
run_agoras x post --text gif --image-1 "$T/media/a.gif"
assert_rc "an animated GIF alone" 0
expect "GIF: chunked (initialize)" "$(x_sent media_initialize)" 1
expect "GIF: finalized once" "$(x_sent media_finalize)" 1

# --- refused before anything is sent ---
x_mark
run_agoras x post --text x --image-1 "$T/media/a.gif" --image-2 "$T/media/p.jpg"
assert_rc "a GIF with another image" 4
assert_err "GIF: alone" "must be posted alone"
run_agoras x post --text x --image-1 "$T/missing.jpg"
assert_rc "missing local image" 4
printf 'not an image' >"$T/fake.jpg"
run_agoras x post --text x --image-1 "$T/fake.jpg"
assert_rc "a file that is no image" 4
head -c $((6 * 1024 * 1024)) /dev/urandom >"$T/big.jpg"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/big0.jpg"
cat "$T/big0.jpg" "$T/big.jpg" >"$T/huge.jpg"
run_agoras x post --text x --image-1 "$T/huge.jpg"
assert_rc "an image over 5 MB" 4
assert_err "over 5 MB: the limit" "5MB"
run_agoras x post --text x --image-1 "$T/media/p.jpg" --image-2 "$T/fake.jpg"
assert_rc "a bad second image: the first is not uploaded either" 4
run_agoras x post
assert_rc "nothing to post" 2
expect "refusals: nothing uploaded" "$(x_sent media_upload)" 0
expect "refusals: nothing posted" "$(x_sent tweets)" 0

# --- X's refusals ---
run_agoras x post --text same
assert_rc "first of two" 0
x_mark
run_agoras x post --text same
assert_rc "duplicate content" 1
assert_err "duplicate: says so" "repeats a recent one of yours"
TWITTER_OAUTH_TOKEN=$X_RO_TOKEN TWITTER_OAUTH_SECRET=$X_RO_SECRET run_agoras x post --text "read only"
assert_rc "read-only token" 3
assert_err "read-only: the fix" "switch the app to Read and Write, then run 'agoras x authorize' again (old tokens keep their old permissions)"
TWITTER_CONSUMER_KEY=sbx-x-unenrolled-key TWITTER_CONSUMER_SECRET=sbx-x-unenrolled-secret run_agoras x post --text unenrolled
assert_rc "app not in a Project" 1
assert_err "unenrolled: the fix" "Move to package"
fault x:tweets 402
run_agoras x post --text credits
assert_rc "credits spent" 1
assert_err "402: the fix" "buy credits"
TWITTER_OAUTH_SECRET=wrong run_agoras x post --text "bad secret"
assert_rc "bad signature" 3
assert_err "bad signature: authorize again" "run 'agoras x authorize' again"
fault x:media_upload 400
x_mark
run_agoras x post --text "upload refused" --image-1 "$T/media/p.jpg"
assert_rc "upload refused" 1
expect "upload refused: no post" "$(x_sent tweets)" 0

# --- credentials: missing is exit 3; store only ---
(unset TWITTER_CONSUMER_KEY TWITTER_CONSUMER_SECRET TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
    run_agoras x post --text "no creds"
    expect "no credentials: exit 3" "$RC" 3)
run_agoras x authorize
assert_rc "authorize from env tokens" 0
(unset TWITTER_CONSUMER_KEY TWITTER_CONSUMER_SECRET TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
    run_agoras x post --text "store only"
    expect "store only: posted" "$RC" 0
    id=$(out_id)
    expect "store only: url with the stored screen name" "$(cat "$OUT")" "{\"id\":\"$id\",\"url\":\"https://x.com/sbx_user/status/$id\"}")

# --- Python Agoras's record (x-default: ck/cs/ot/os) is read as it is ---
copy_python_store "$T/pystore"
(unset TWITTER_CONSUMER_KEY TWITTER_CONSUMER_SECRET TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
    x_mark
    AGORAS_STORAGE_DIR=$T/pystore run_agoras x post --text "python store" -l DEBUG
    # The sandbox knows no app "ck": a signed request reached it, refused as X refuses bad credentials.
    expect "python record: its credentials were used" "$RC" 3
    expect "python record: the request was sent" "$(x_sent tweets)" 1
    assert_err "python record: X's refusal" "X rejected the credentials")

assert_no_secrets "$X_CS" "$X_SECRET" "$X_RO_SECRET"
finish
