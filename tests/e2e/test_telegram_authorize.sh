#!/usr/bin/env bash
# agoras telegram authorize against the sandbox: getMe + getChat, both records stored, every refusal
# with its exit code, help naming the env, unsupported actions, and the token never printed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"

sbx_start
tg_env
unset TELEGRAM_CHAT_ID

run_agoras telegram authorize --chat-id sbx_channel --loglevel DEBUG
assert_rc "authorize" 0
assert_err "authorize: message" "Authorization successful. Credentials stored securely."
expect "authorize: nothing on stdout" "$(wc -c <"$OUT")" 0
run_agoras utils tokens list
assert_out "record named by the bot" "telegram: sbx_bot"
assert_out "default record" "telegram: default"
for id in sbx_bot default; do
    expect "$id: chat" "$("$AGORAS_BIN" utils tokens show --platform telegram --identifier $id --field chat_id)" @sbx_channel
    expect "$id: token" "$("$AGORAS_BIN" utils tokens show --platform telegram --identifier $id --field bot_token)" "$TOKEN"
    expect "$id: username" "$("$AGORAS_BIN" utils tokens show --platform telegram --identifier $id --field bot_username)" sbx_bot
done
expect "record file is private" "$(stat -c %a "$(find "$AGORAS_STORAGE_DIR" -name 'telegram-sbx_bot*' | head -1)")" 600

# The token as a flag works too, and is not printed.
run_agoras telegram authorize --bot-token "$TOKEN" --chat-id "$CHAT_NUM" -l DEBUG
assert_rc "authorize with --bot-token" 0

# Refusals.
tg_mark
TELEGRAM_BOT_TOKEN=123456:wrong-token-value run_agoras telegram authorize --chat-id @sbx_channel -l DEBUG
assert_rc "unknown token" 3
assert_err "unknown token: hint" "Telegram refused the bot token"
TELEGRAM_BOT_TOKEN='not a token' run_agoras telegram authorize --chat-id @sbx_channel
assert_rc "malformed token" 2
assert_err "malformed token: hint" "the bot token is malformed"
run_agoras telegram authorize --chat-id 'bad chat!'
assert_rc "malformed chat" 2
assert_err "malformed chat: hint" "neither a number nor a valid @username"
expect "malformed values: nothing sent" "$(tg_sent getMe)" 1
run_agoras telegram authorize --chat-id @nobody_here -l DEBUG
assert_rc "unknown chat" 1
assert_err "unknown chat: hint" "chat not found: check TELEGRAM_CHAT_ID or --chat-id"
unset TELEGRAM_BOT_TOKEN
run_agoras telegram authorize --chat-id @sbx_channel
assert_rc "no token" 2
assert_err "no token: names it" "TELEGRAM_BOT_TOKEN"
export TELEGRAM_BOT_TOKEN=$TOKEN
run_agoras telegram authorize
assert_rc "no chat" 2
assert_err "no chat: names it" "--chat-id"

# Help lists the env variables; like and share are refused.
run_agoras telegram --help
assert_rc "telegram --help" 0
for var in TELEGRAM_BOT_TOKEN TELEGRAM_CHAT_ID; do assert_out "help names $var" "$var"; done
run_agoras telegram post --help
for var in TELEGRAM_BOT_TOKEN TELEGRAM_CHAT_ID TELEGRAM_PARSE_MODE STATUS_TEXT STATUS_IMAGE_URL_1; do
    assert_out "post help names $var" "$var"
done
run_agoras telegram video --help
for var in VIDEO_URL VIDEO_TITLE; do assert_out "video help names $var" "$var"; done
run_agoras telegram delete --help
assert_out "delete help names TELEGRAM_MESSAGE_ID" TELEGRAM_MESSAGE_ID
for verb in like share; do
    run_agoras telegram $verb
    assert_rc "$verb" 2
    assert_err "$verb: message" "does not support '$verb'"
done
run_agoras telegram post --bot-token "$TOKEN" --text x
assert_rc "no --bot-token outside authorize" 2

assert_no_secrets "$TOKEN" sbx-telegram-token wrong-token-value
finish
