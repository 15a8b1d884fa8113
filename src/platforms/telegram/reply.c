#include "platforms/telegram/reply.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/escape.h"
#include "platforms/telegram/chat.h"

/* Longest piece of a server description quoted in a message. */
#define DESC_SHOWN 160

/* Longest wait believed from parameters.retry_after (a day). */
#define RETRY_AFTER_MAX (24 * 3600)

/* Case-insensitive "needle occurs in hay" (needle lowercase). */
static int mentions(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/*
 * Replace anything shaped like a bot token ("<digits>:<20 or more of [A-Za-z0-9_-]>") in s with
 * "[REDACTED]": a server that echoes the request must not put the token into a message.
 */
static void redact_tokens(char *s)
{
    static const char token_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    static const char mark[] = "[REDACTED]";
    for (char *p = s; *p; p++) {
        size_t digits = strspn(p, "0123456789");
        size_t secret = digits && p[digits] == ':' ? strspn(p + digits + 1, token_chars) : 0;
        if (secret >= 20) {
            size_t span = digits + 1 + secret;
            memcpy(p, mark, sizeof(mark) - 1);
            memmove(p + sizeof(mark) - 1, p + span, strlen(p + span) + 1);
            p += sizeof(mark) - 2;
        } else if (digits) {
            p += digits - 1;
        }
    }
}

static int protocol_error(long status, const char *method, const char *what, struct ag_error *err)
{
    if (status == 429 || status >= 500)
        return ag_error_set(err, AG_ETEMP,
                            "telegram: %s: Telegram is unavailable (HTTP %ld): try again later", method,
                            status);
    return ag_error_set(err, AG_EFAIL,
                        "telegram: %s: %s (HTTP %ld), not a Bot API answer: check AGORAS_TELEGRAM_API_BASE "
                        "if it is set",
                        method, what, status);
}

/* A refusal {"ok":false, …}: fill out and err from its code, description and parameters. */
static int refusal(long status, const json_t *o, const char *method, struct tg_reply *out,
                   struct ag_error *err)
{
    json_t *code = json_object_get(o, "error_code");
    json_t *params = json_object_get(o, "parameters");
    json_t *retry = json_object_get(params, "retry_after");
    json_t *migrate = json_object_get(params, "migrate_to_chat_id");
    long c = json_is_integer(code) ? (long)json_integer_value(code) : 0;
    out->error_code = c >= 400 && c <= 599 ? c : status;
    if (json_is_integer(retry) && json_integer_value(retry) > 0)
        out->retry_after_s =
            (long)(json_integer_value(retry) < RETRY_AFTER_MAX ? json_integer_value(retry) : RETRY_AFTER_MAX);
    if (json_is_integer(migrate))
        out->migrate_to_chat_id = (long long)json_integer_value(migrate);

    /* Redacted before it is cut short, so no piece of a token survives the cut. */
    char full[4 * DESC_SHOWN], desc[DESC_SHOWN];
    ag_escape_controls(full, sizeof(full), json_string_value(json_object_get(o, "description")), NULL);
    redact_tokens(full);
    ag_escape_controls(desc, sizeof(desc), full, NULL);
    if (!*desc)
        strcpy(desc, "no description");
    long ec = out->error_code;
    if (ec == 401 || ec == 404)
        return ag_error_set(
            err, AG_EAUTH,
            "telegram: %s: Telegram refused the bot token (%ld %s): check TELEGRAM_BOT_TOKEN or "
            "--bot-token against BotFather's, then run 'agoras telegram authorize'",
            method, ec, desc);
    if (ec == 429)
        return out->retry_after_s
                   ? ag_error_set(err, AG_ETEMP, "telegram: %s: rate-limited by Telegram: retry after %ld s",
                                  method, out->retry_after_s)
                   : ag_error_set(err, AG_ETEMP, "telegram: %s: rate-limited by Telegram: retry later",
                                  method);
    if (ec >= 500)
        return ag_error_set(err, AG_ETEMP,
                            "telegram: %s: Telegram had a temporary error (%ld %s): try again later", method,
                            ec, desc);
    if (out->migrate_to_chat_id)
        return ag_error_set(
            err, AG_EFAIL,
            "telegram: %s: the group is now a supergroup with chat id %lld: set TELEGRAM_CHAT_ID "
            "or --chat-id to it",
            method, out->migrate_to_chat_id);
    if (mentions(desc, "chat not found"))
        return ag_error_set(
            err, AG_EFAIL,
            "telegram: %s: chat not found: check TELEGRAM_CHAT_ID or --chat-id (numeric id or "
            "@username), and that the bot is a member of the chat (an administrator, for a "
            "channel)",
            method);
    if (ec == 403 || mentions(desc, "not enough rights") || mentions(desc, "administrator rights"))
        return ag_error_set(err, AG_EFAIL,
                            "telegram: %s: the bot may not post in this chat (%s): add it again (as an "
                            "administrator allowed to post, for a channel); in a private chat the user must "
                            "send /start to the bot and not block it",
                            method, desc);
    if (mentions(desc, "too long"))
        return ag_error_set(err, AG_EINVALID, "telegram: %s: Telegram refused the text (%s): shorten it",
                            method, desc);
    if (mentions(desc, "can't parse entities"))
        return ag_error_set(err, AG_EINVALID,
                            "telegram: %s: the text's formatting does not match the parse mode (%s): fix the "
                            "markup, or use --parse-mode None",
                            method, desc);
    if (mentions(desc, "message to delete not found") || mentions(desc, "message can't be deleted"))
        return ag_error_set(
            err, AG_EFAIL,
            "telegram: %s: %s: check --post-id; a bot can delete only messages less than 48 h "
            "old, and in a channel it needs the right to delete messages",
            method, desc);
    return ag_error_set(err, AG_EFAIL, "telegram: %s: Telegram refused the request (%ld %s)", method, ec,
                        desc);
}

int tg_reply_parse(long status, const char *body, size_t len, const char *method, struct tg_reply *out,
                   struct ag_error *err)
{
    memset(out, 0, sizeof(*out));
    out->error_code = status;
    json_t *o = body && len ? json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL) : NULL;
    json_t *ok = json_object_get(o, "ok");
    out->envelope = json_is_object(o) && json_is_boolean(ok);
    int rc;
    if (!json_is_object(o))
        rc = protocol_error(status, method, o ? "the answer is not a JSON object" : "the answer is not JSON",
                            err);
    else if (!json_is_boolean(ok))
        rc = protocol_error(status, method, "the answer has no boolean \"ok\"", err);
    else if (json_is_false(ok))
        rc = refusal(status, o, method, out, err);
    else if (status < 200 || status > 299)
        rc = protocol_error(status, method, "\"ok\":true with an error status", err);
    else if (!(out->result = json_incref(json_object_get(o, "result"))))
        rc = protocol_error(status, method, "\"ok\":true without a result", err);
    else
        rc = 0, out->error_code = 0;
    json_decref(o);
    return rc;
}

void tg_reply_free(struct tg_reply *r)
{
    if (r) {
        json_decref(r->result);
        r->result = NULL;
    }
}

/* message_id of one Message, or 0 if it has none that is a positive integer. */
static long long message_id(const json_t *m)
{
    json_t *id = json_object_get(m, "message_id");
    return json_is_integer(id) && json_integer_value(id) > 0 ? (long long)json_integer_value(id) : 0;
}

int tg_result_message_ids(const json_t *result, long long **ids, size_t *n, struct ag_error *err)
{
    *ids = NULL;
    *n = 0;
    size_t count = json_is_array(result) ? json_array_size(result) : json_is_object(result) ? 1 : 0;
    long long *v = count ? calloc(count, sizeof(*v)) : NULL;
    if (count && !v)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    for (size_t i = 0; i < count; i++) {
        v[i] = message_id(json_is_array(result) ? json_array_get(result, i) : result);
        if (!v[i]) {
            count = 0;
            break;
        }
    }
    if (!count) {
        free(v);
        return ag_error_set(
            err, AG_EUNKNOWN,
            "telegram: the message was sent but Telegram's answer has no message_id: check the "
            "chat before posting again");
    }
    *ids = v;
    *n = count;
    return 0;
}

int tg_result_bot_username(const json_t *result, char *out, size_t size, struct ag_error *err)
{
    const char *name = json_string_value(json_object_get(result, "username"));
    if (size)
        out[0] = '\0';
    if (!json_is_true(json_object_get(result, "is_bot")))
        return ag_error_set(err, AG_EAUTH,
                            "telegram: getMe: this token does not belong to a bot: set TELEGRAM_BOT_TOKEN or "
                            "--bot-token to the token BotFather gave you");
    if (!name || !tg_username_valid(name, strlen(name)) || strlen(name) >= size)
        return ag_error_set(err, AG_EFAIL, "telegram: getMe: the answer has no valid bot username");
    memcpy(out, name, strlen(name) + 1);
    return 0;
}
