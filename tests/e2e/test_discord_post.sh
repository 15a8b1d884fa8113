#!/usr/bin/env bash
# agoras discord post and delete against the sandbox: text, a link shown as an embed with its page's
# OpenGraph tags (or put in the text when the page cannot be read), image URLs as image embeds, local
# images uploaded as attachments (bytes checked in the emulator), from env alone or from the stored
# record (its ids, no lookups); every refusal before anything is sent; delete and its env aliases.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/discord_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=64x64 -frames:v 1 "$T/media/q.png"
cat >"$T/media/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>Fallback</title>
<meta property="og:title" content="The Article">
<meta property="og:description" content="What it is about">
<meta property="og:image" content="/media/p.jpg">
</head><body>hello</body></html>
HTML
sbx_start --media-dir "$T/media"
dc_env

# From env alone (a CI run): the names are looked up, then one create.
dc_mark
run_agoras discord post --text "hello from agoras" -l DEBUG
assert_rc "text" 0
id=$(out_id)
assert_out "result: url" "\"url\":\"https://discord.com/channels/$DC_SERVER_ID/$DC_GENERAL_ID/$id\""
expect "text: content" "$(dc_message "$id" "m['content']")" "hello from agoras"
expect "text: in #general" "$(dc_message "$id" "m['channel_id']")" "$DC_GENERAL_ID"
expect "text: nonce sent" "$(dc_message "$id" "len(m.get('nonce') or '')")" 25
expect "env run: guilds listed" "$(dc_sent guilds)" 1
expect "env run: one create" "$(dc_sent messages)" 1
expect "one line on stdout" "$(wc -l <"$OUT")" 1

# A link: embed with the page's OpenGraph title, description and image (made absolute).
run_agoras discord post --text "read this" --link "$SBX_URL/media/page.html"
assert_rc "link" 0
id=$(out_id)
expect "link: content is the text" "$(dc_message "$id" "m['content']")" "read this"
expect "link: embed url" "$(dc_message "$id" "m['embeds'][0]['url']")" "$SBX_URL/media/page.html"
expect "link: og title" "$(dc_message "$id" "m['embeds'][0]['title']")" "The Article"
expect "link: og description" "$(dc_message "$id" "m['embeds'][0]['description']")" "What it is about"
expect "link: og image" "$(dc_message "$id" "m['embeds'][0]['image']['url']")" "$SBX_URL/media/p.jpg"

# A page that cannot be read: the link goes in the text, with a warning.
STATUS_LINK="http://127.0.0.1:$(free_port)/gone" run_agoras discord post --text "see"
assert_rc "unreadable link page" 0
assert_err "unreadable page: warned" "no preview of the link"
id=$(out_id)
expect "unreadable page: no embed" "$(dc_message "$id" "len(m['embeds'])")" 0
expect "unreadable page: link after the text" "$(dc_message "$id" "m['content'].split(chr(10))[0]")" "see"
run_agoras discord post --link "http://127.0.0.1:$(free_port)/gone"
assert_rc "link alone, unreadable" 0
expect "link alone: the content is the link" "$(dc_message "$(out_id)" "m['content'].startswith('http://127.0.0.1:')")" True

# Images: URLs as image embeds, local files uploaded and shown by attachment://.
run_agoras discord post --text pics --image-1 "$T/media/p.jpg" --image-2 "https://cdn.example/x.png" \
    --image-3 "$T/media/q.png"
assert_rc "images" 0
id=$(out_id)
expect "images: three embeds" "$(dc_message "$id" "[e['image']['url'] for e in m['embeds']]")" \
    "['attachment://image-1.jpg', 'https://cdn.example/x.png', 'attachment://image-3.png']"
expect "images: two uploads" "$(dc_message "$id" "[a['filename'] for a in m['attachments']]")" \
    "['image-1.jpg', 'image-3.png']"
expect "images: bytes intact" "$(dc_message "$id" "m['attachments'][0]['sha256']")" \
    "$(sha256sum "$T/media/p.jpg" | cut -d' ' -f1)"
run_agoras discord post --image-1 "$T/media/q.png"
assert_rc "an image alone" 0
expect "image alone: no content" "$(dc_message "$(out_id)" "m['content']")" ""

# Announcement channel by id.
DISCORD_CHANNEL_NAME=3000000000000000002 run_agoras discord post --text news
assert_rc "announcement channel by id" 0
expect "announcements: channel" "$(dc_message "$(out_id)" "m['channel_id']")" 3000000000000000002

# From the stored record: its ids, no lookups.
run_agoras discord authorize
assert_rc "authorize" 0
unset DISCORD_SERVER_NAME DISCORD_CHANNEL_NAME
dc_mark
run_agoras discord post --text "from the store"
assert_rc "stored record" 0
expect "stored: no guild lookup" "$(dc_sent guilds)" 0
expect "stored: no channel lookup" "$(dc_sent channels)" 0
expect "stored: one create" "$(dc_sent messages)" 1
# The env names win over the record: the channel is looked up.
DISCORD_SERVER_NAME=$DC_SERVER DISCORD_CHANNEL_NAME=announcements run_agoras discord post --text "elsewhere"
assert_rc "env channel over the stored one" 0
expect "env over store: channel" "$(dc_message "$(out_id)" "m['channel_id']")" 3000000000000000002
export DISCORD_SERVER_NAME=$DC_SERVER DISCORD_CHANNEL_NAME=general

# Refusals before anything is sent.
dc_mark
run_agoras discord post
assert_rc "empty post" 2
assert_err "empty post: says what to give" "nothing to post"
run_agoras discord post --text "$(head -c 2001 /dev/zero | tr '\0' a)"
assert_rc "content over 2000" 4
assert_err "over 2000: the limit" "at most 2000"
run_agoras discord post --text "$(printf 'bad \xff')"
assert_rc "not UTF-8" 4
run_agoras discord post --text hi --link "ftp://example.com/x"
assert_rc "link not http" 2
run_agoras discord post --image-1 "$T/missing.jpg"
assert_rc "missing image" 4
printf 'plain text' >"$T/notes.jpg"
run_agoras discord post --image-1 "$T/notes.jpg"
assert_rc "not an image" 4
cp "$T/media/p.jpg" "$T/big.jpg" && head -c $((10 * 1024 * 1024)) /dev/zero >>"$T/big.jpg"
run_agoras discord post --image-1 "$T/big.jpg"
assert_rc "image over 10 MiB" 4
assert_err "image over 10 MiB: sizes" "at most 10MB"
DISCORD_BOT_TOKEN= AGORAS_STORAGE_DIR=$T/empty-store run_agoras discord post --text hi
assert_rc "no token" 3
assert_err "no token: names the env" "missing DISCORD_BOT_TOKEN"
expect "refusals: nothing sent" "$(dc_sent messages)$(dc_sent guilds)" 00

# Discord's refusals.
DISCORD_CHANNEL_NAME=read-only run_agoras discord post --text hi
assert_rc "read-only channel" 1
assert_err "read-only: the permissions" "give the bot Send Messages, Attach Files and Embed Links"
assert_err "read-only: names the channel" "#read-only"
expect "read-only: no message" "$(dc_count "m['channel_id'] == '3000000000000000004'")" 0
DISCORD_BOT_TOKEN=MTAwMDAwMDAwMDAwMDAwMDAx.sbx.wrong run_agoras discord post --text hi
assert_rc "bad token" 3
DISCORD_CHANNEL_NAME=voice-room run_agoras discord post --text hi
assert_rc "voice channel" 2

# Delete, with --post-id and each env name.
for how in flag DISCORD_POST_ID POST_ID; do
    run_agoras discord post --text "to delete ($how)"
    id=$(out_id)
    case $how in
    flag) run_agoras discord delete --post-id "$id" ;;
    DISCORD_POST_ID) DISCORD_POST_ID=$id run_agoras discord delete ;;
    POST_ID) POST_ID=$id run_agoras discord delete ;;
    esac
    assert_rc "delete ($how)" 0
    expect "delete ($how): result" "$(cat "$OUT")" "{\"id\":\"$id\"}"
    expect "delete ($how): deleted" "$(dc_message "$id" "m.get('deleted', False)")" True
done
DISCORD_POST_ID=$id run_agoras discord delete
assert_rc "delete again" 1
assert_err "delete again: no such message" "no such message"
DISCORD_POST_ID=1 POST_ID=$id run_agoras discord delete
assert_rc "DISCORD_POST_ID wins" 1
run_agoras discord delete
assert_rc "delete without id" 2
assert_err "delete without id: both env names" "DISCORD_POST_ID or POST_ID"
run_agoras discord delete --post-id "12ab"
assert_rc "delete: not an id" 2
run_agoras discord delete --help
assert_out "delete help: POST_ID" "POST_ID"

assert_no_secrets "$DC_TOKEN" "sbx.discord-bot-token"
finish
