#!/usr/bin/env bash
# agoras telegram post and delete against the sandbox: text, link, parse modes, a photo by URL, a
# local photo uploaded, albums, refusals before anything is sent, env-only and store-only runs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=200x100 -frames:v 1 "$T/media/q.png"
sbx_start --media-dir "$T/media"
tg_env

# --- env only (a CI run): nothing stored, nothing read from the store ---
run_agoras telegram post --text "hello <b>world</b>" --link https://example.com/a
assert_rc "text and link" 0
id=$(out_id)
expect "stored text: after entity parsing" "$(tg_message $CHAT_NUM "$id" text)" "$(printf 'hello world\nhttps://example.com/a')"
expect "parse mode HTML by default" "$(tg_message $CHAT_NUM "$id" parse_mode)" HTML
expect "result line" "$(cat "$OUT")" "{\"id\":\"$id\",\"ids\":[\"$id\"],\"chat_id\":\"@sbx_channel\"}"
expect "no store written" "$(find "$AGORAS_STORAGE_DIR" -name 'telegram-*' 2>/dev/null | wc -l)" 0

run_agoras telegram post --text '*bold* end\.' --parse-mode MarkdownV2
assert_rc "MarkdownV2" 0
expect "MarkdownV2 parsed" "$(tg_message $CHAT_NUM "$(out_id)" text)" "bold end."
TELEGRAM_PARSE_MODE=None run_agoras telegram post --text '<b>raw</b>'
assert_rc "None from env" 0
expect "None: no parse_mode sent" "$(tg_message $CHAT_NUM "$(out_id)" parse_mode)" None
expect "None: text as is" "$(tg_message $CHAT_NUM "$(out_id)" text)" "<b>raw</b>"
run_agoras telegram post --text '*bold*' --parse-mode Markdown
assert_rc "Markdown" 0
STATUS_TEXT="from env" TELEGRAM_CHAT_ID=1000000001 run_agoras telegram post
assert_rc "text from STATUS_TEXT, numeric chat" 0
expect "private chat" "$(tg_message 1000000001 "$(out_id)" text)" "from env"
run_agoras telegram post --text '<b>open' --parse-mode HTML
assert_rc "markup Telegram refuses" 4
assert_err "markup: hint" "--parse-mode None"

# --- photos ---
run_agoras telegram post --text cap --image-1 "$SBX_URL/media/p.jpg"
assert_rc "one photo by URL" 0
expect "photo by URL" "$(tg_message $CHAT_NUM "$(out_id)" kind)" photo
expect "caption" "$(tg_message $CHAT_NUM "$(out_id)" caption)" cap
run_agoras telegram post --text local --image-1 "$T/media/p.jpg"
assert_rc "one local photo" 0
expect "uploaded bytes intact" "$(tg_message $CHAT_NUM "$(out_id)" sha256)" "$(sha256sum "$T/media/p.jpg" | cut -d' ' -f1)"
run_agoras telegram post --text album --image-1 "$T/media/p.jpg" --image-2 "$SBX_URL/media/p.jpg" --image-3 "$T/media/q.png"
assert_rc "album of 3" 0
first=$(out_id)
expect "album: three ids" "$("$PY" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['ids']))" "$OUT")" 3
expect "album: caption on the first" "$(tg_message $CHAT_NUM "$first" caption)" album
expect "album: none on the second" "$(tg_message $CHAT_NUM $((first + 1)) caption)" None
expect "album: third uploaded" "$(tg_message $CHAT_NUM $((first + 2)) sha256)" "$(sha256sum "$T/media/q.png" | cut -d' ' -f1)"
run_agoras telegram post --image-2 "$SBX_URL/media/p.jpg"
assert_rc "photo without text, as --image-2" 0

# --- refused before anything is sent ---
tg_mark
run_agoras telegram post --text "$(head -c 4097 /dev/zero | tr '\0' a)"
assert_rc "text of 4097" 4
assert_err "text of 4097: limit" "at most 4096"
run_agoras telegram post --text "$(head -c 1025 /dev/zero | tr '\0' a)" --image-1 "$SBX_URL/media/p.jpg"
assert_rc "caption of 1025" 4
run_agoras telegram post --text x --image-1 "$T/missing.jpg"
assert_rc "missing local photo" 4
printf 'not an image' >"$T/fake.jpg"
run_agoras telegram post --text x --image-1 "$T/fake.jpg"
assert_rc "local file that is no image" 4
head -c $((11 * 1024 * 1024)) /dev/zero >"$T/huge.jpg"
run_agoras telegram post --text x --image-1 "$T/huge.jpg"
assert_rc "local photo over 10 MB" 4
assert_err "over 10 MB: limit" "10MB"
run_agoras telegram post
assert_rc "nothing to post" 2
run_agoras telegram post --text x --parse-mode html5
assert_rc "unknown parse mode" 2
TELEGRAM_CHAT_ID='a b' run_agoras telegram post --text x
assert_rc "bad chat id" 2
TELEGRAM_BOT_TOKEN=nope run_agoras telegram post --text x
assert_rc "bad token" 2
for m in sendMessage sendPhoto sendMediaGroup; do expect "refusals: no $m sent" "$(tg_sent $m)" 0; done

# --- delete ---
run_agoras telegram post --text bye
id=$(out_id)
run_agoras telegram delete --post-id "$id"
assert_rc "delete" 0
expect "delete result" "$(cat "$OUT")" "{\"id\":\"$id\",\"deleted\":true}"
expect "deleted in the state" "$(tg_message $CHAT_NUM "$id" deleted)" True
TELEGRAM_MESSAGE_ID=$id run_agoras telegram delete
assert_rc "delete again (env)" 1
assert_err "delete again: hint" "message to delete not found"
run_agoras telegram delete --post-id abc
assert_rc "delete: id not a number" 2
run_agoras telegram delete
assert_rc "delete: no id" 2

# --- store only: authorize, then no credential in the env ---
tg_env "$T/store"
run_agoras telegram authorize --chat-id "$CHAT_NUM"
assert_rc "authorize" 0
unset TELEGRAM_BOT_TOKEN TELEGRAM_CHAT_ID
run_agoras telegram post --text "from the store"
assert_rc "store-only post" 0
expect "store-only: chat" "$(tg_message $CHAT_NUM "$(out_id)" text)" "from the store"
TELEGRAM_CHAT_ID=1000000001 run_agoras telegram post --text "env over store"
assert_rc "env chat over stored chat" 0
expect "env chat used" "$(tg_message 1000000001 "$(out_id)" text)" "env over store"
AGORAS_STORAGE_DIR=$T/empty run_agoras telegram post --text x
assert_rc "nothing stored, nothing in env: not authorized" 3
assert_err "missing: the fix" "missing TELEGRAM_BOT_TOKEN: set it, or run 'agoras telegram authorize' to store it"
# A stored record that cannot be read is the store's error (exit 1, the file named), not a usage error.
cp -a "$T/store" "$T/corrupt"
printf 'not a token\n' >"$T/corrupt/tokens/telegram-default.token"
tg_mark
AGORAS_STORAGE_DIR=$T/corrupt run_agoras telegram post --text x
assert_rc "unreadable stored record" 1
assert_err "unreadable: the file is named" "telegram-default"
expect "unreadable: nothing sent" "$(tg_sent sendMessage)" 0

assert_no_secrets "$TOKEN" sbx-telegram-token
finish
