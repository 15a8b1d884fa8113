#include "platforms/telegram/request.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "platforms/telegram/chat.h"

#define TOKEN_FIX "set TELEGRAM_BOT_TOKEN or --bot-token to the token BotFather gave you"

int tg_token_check(const char *token, struct ag_error *err)
{
    if (!token || !*token)
        return ag_error_set(err, AG_EAUTH, "telegram: no bot token: " TOKEN_FIX);
    size_t id = strspn(token, "0123456789");
    const char *secret = token + id + (token[id] == ':');
    size_t n = strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
    if (id == 0 || token[id] != ':' || n == 0 || secret[n] != '\0')
        return ag_error_set(err, AG_EUSAGE,
                            "telegram: the bot token is malformed (expected <digits>:<letters, digits, _ or "
                            "->): " TOKEN_FIX);
    return 0;
}

int tg_method_url(const char *token, const char *method, char *out, size_t size, struct ag_error *err)
{
    int rc = tg_token_check(token, err);
    if (rc < 0)
        return rc;
    const char *base = getenv("AGORAS_TELEGRAM_API_BASE");
    if (!base || !*base)
        base = TG_DEFAULT_API_BASE;
    /* The base alone is checked, so no message can show the token. */
    if ((rc = ag_http_check_url(base, err)) < 0)
        return ag_error_wrap(err, "AGORAS_TELEGRAM_API_BASE");
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/')
        blen--;
    int n = snprintf(out, size, "%.*s/bot%s/%s", (int)blen, base, token, method);
    if (n < 0 || (size_t)n >= size)
        return ag_error_set(err, AG_EUSAGE, "telegram: AGORAS_TELEGRAM_API_BASE is too long");
    return 0;
}

static json_t *chat_json(const char *chat_id)
{
    return tg_chat_id_is_numeric(chat_id) ? json_integer(strtoll(chat_id, NULL, 10)) : json_string(chat_id);
}

/* *o = a new request object holding chat_id; 0 or a negative exit code with err set. */
static int start(const char *method, const char *chat_id, json_t **o, struct ag_error *err)
{
    if (!chat_id || (!tg_chat_id_is_numeric(chat_id) && (chat_id[0] != '@' || !tg_utf8_valid(chat_id))))
        return ag_error_set(err, AG_EUSAGE, "telegram: %s needs a chat id: set TELEGRAM_CHAT_ID or --chat-id",
                            method);
    *o = json_object();
    if (!*o || json_object_set_new(*o, "chat_id", chat_json(chat_id)) < 0) {
        json_decref(*o);
        *o = NULL;
        return ag_error_set(err, AG_EFAIL, "out of memory");
    }
    return 0;
}

/* Set o[key] to the string s; s must be UTF-8 (checked by the callers). */
static int set_string(json_t *o, const char *key, const char *s, struct ag_error *err)
{
    if (json_object_set_new(o, key, json_string(s)) < 0)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

/* A non-empty UTF-8 media URL or attach:// name; -AG_EUSAGE naming what otherwise. */
static int check_media(const char *media, const char *what, struct ag_error *err)
{
    if (!media || !*media)
        return ag_error_set(err, AG_EUSAGE, "telegram: the %s has no URL", what);
    if (!tg_utf8_valid(media))
        return ag_error_set(err, AG_EUSAGE, "telegram: the %s URL is not valid UTF-8", what);
    return 0;
}

/* Add text (under key) and its parse_mode; nothing for a NULL or empty text. */
static int set_text(json_t *o, const char *key, const char *text, enum tg_parse_mode mode,
                    struct ag_error *err)
{
    if (!text || !*text)
        return 0;
    if (!tg_utf8_valid(text))
        return ag_error_set(err, AG_EINVALID, "telegram: the %s is not valid UTF-8", key);
    int rc = set_string(o, key, text, err);
    if (rc == 0 && tg_parse_mode_value(mode))
        rc = set_string(o, "parse_mode", tg_parse_mode_value(mode), err);
    return rc;
}

/* Hand o to *out, or free it when rc < 0. */
static int finish(json_t *o, int rc, json_t **out)
{
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

int tg_req_send_message(const char *chat_id, const char *text, enum tg_parse_mode mode,
                        const char *preview_url, json_t **out, struct ag_error *err)
{
    *out = NULL;
    if (!text || !*text)
        return ag_error_set(err, AG_EUSAGE, "telegram: sendMessage needs a text");
    json_t *o = NULL;
    int rc = start("sendMessage", chat_id, &o, err);
    if (rc < 0)
        return rc;
    rc = set_text(o, "text", text, mode, err);
    if (rc == 0 && preview_url && *preview_url) {
        json_t *lpo = json_object();
        rc = check_media(preview_url, "link preview", err);
        if (rc == 0 && (!lpo || set_string(lpo, "url", preview_url, err) < 0 ||
                        json_object_set(o, "link_preview_options", lpo) < 0))
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
        json_decref(lpo);
    }
    return finish(o, rc, out);
}

/* sendPhoto and sendVideo differ only in the name of the media field (NULL media: uploaded in that part). */
static int send_media(const char *method, const char *field, const char *chat_id, const char *media,
                      const char *caption, enum tg_parse_mode mode, json_t **out, struct ag_error *err)
{
    *out = NULL;
    int rc = media ? check_media(media, field, err) : 0;
    if (rc < 0)
        return rc;
    json_t *o = NULL;
    rc = start(method, chat_id, &o, err);
    if (rc < 0)
        return rc;
    if (media)
        rc = set_string(o, field, media, err);
    if (rc == 0)
        rc = set_text(o, "caption", caption, mode, err);
    return finish(o, rc, out);
}

int tg_req_send_photo(const char *chat_id, const char *photo, const char *caption, enum tg_parse_mode mode,
                      json_t **out, struct ag_error *err)
{
    return send_media("sendPhoto", "photo", chat_id, photo, caption, mode, out, err);
}

int tg_req_send_video(const char *chat_id, const char *video, const char *caption, enum tg_parse_mode mode,
                      json_t **out, struct ag_error *err)
{
    return send_media("sendVideo", "video", chat_id, video, caption, mode, out, err);
}

int tg_req_send_media_group(const char *chat_id, const char *const *photos, size_t n, const char *caption,
                            enum tg_parse_mode mode, json_t **out, struct ag_error *err)
{
    *out = NULL;
    if (n < TG_MEDIA_GROUP_MIN || n > TG_MEDIA_GROUP_MAX)
        return ag_error_set(err, AG_EUSAGE, "telegram: an album holds %d to %d photos, not %zu",
                            TG_MEDIA_GROUP_MIN, TG_MEDIA_GROUP_MAX, n);
    for (size_t i = 0; i < n; i++) {
        int rc = check_media(photos[i], "photo", err);
        if (rc < 0)
            return rc;
    }
    json_t *o = NULL;
    int rc = start("sendMediaGroup", chat_id, &o, err);
    if (rc < 0)
        return rc;
    json_t *media = json_array();
    rc = media && json_object_set(o, "media", media) == 0 ? 0 : ag_error_set(err, AG_EFAIL, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *item = json_object();
        if (!item || json_array_append(media, item) < 0)
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
        if (rc == 0)
            rc = set_string(item, "type", "photo", err);
        if (rc == 0)
            rc = set_string(item, "media", photos[i], err);
        if (rc == 0 && i == 0)
            rc = set_text(item, "caption", caption, mode, err);
        json_decref(item);
    }
    json_decref(media);
    return finish(o, rc, out);
}

int tg_req_delete_message(const char *chat_id, const char *message_id, json_t **out, struct ag_error *err)
{
    *out = NULL;
    const char *s = message_id ? message_id : "";
    while (isspace((unsigned char)*s))
        s++;
    size_t digits = strspn(s, "0123456789");
    size_t tail = digits + strspn(s + digits, " \t\r\n");
    /* Up to 15 digits: a message id fits in a double, as every Bot API integer does. */
    if (digits == 0 || digits > 15 || s[tail] != '\0' || strtoll(s, NULL, 10) <= 0)
        return ag_error_set(err, AG_EUSAGE,
                            "telegram: the message id '%.40s' is not a positive number: set --post-id or "
                            "TELEGRAM_MESSAGE_ID to the id printed when it was posted",
                            message_id ? message_id : "");
    json_t *o = NULL;
    int rc = start("deleteMessage", chat_id, &o, err);
    if (rc < 0)
        return rc;
    rc = json_object_set_new(o, "message_id", json_integer(strtoll(s, NULL, 10))) == 0
             ? 0
             : ag_error_set(err, AG_EFAIL, "out of memory");
    return finish(o, rc, out);
}

int tg_req_get_chat(const char *chat_id, json_t **out, struct ag_error *err)
{
    *out = NULL;
    json_t *o = NULL;
    int rc = start("getChat", chat_id, &o, err);
    return finish(o, rc, out);
}
