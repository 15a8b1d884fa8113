/*
 * The emulated methods (§4.1, §4.2): getMe, getChat, sendMessage, sendPhoto, sendVideo,
 * sendMediaGroup, deleteMessage.  Refusals are 400 "Bad Request: ..." as Telegram words them
 * where known; flood control is 429 with parameters.retry_after (world.c's per-chat window).
 */
#include "sandbox/telegram/telegram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const methods[] = {"getMe",     "getChat",        "sendMessage",   "sendPhoto",
                                      "sendVideo", "sendMediaGroup", "deleteMessage", NULL};

const char *tg_method_name(const char *given)
{
    for (const char *const *m = methods; *m; m++)
        if (strcasecmp(*m, given) == 0)
            return *m;
    return NULL;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* The chat of chat_id, under the lock; NULL after answering. */
static json_t *chat_of(struct tg_call *c)
{
    const char *id = tg_param(c, "chat_id");
    json_t *chat = id && *id ? tg_find_chat(c->r->sbx, id) : NULL;
    if (!id || !*id)
        tg_reply_error(c->r, 400, "Bad Request: chat_id is empty");
    else if (!chat)
        tg_reply_error(c->r, 400, "Bad Request: chat not found");
    return chat;
}

/* text checked against parse_mode and max characters; the plain text, or NULL after answering. */
static char *checked_text(struct tg_call *c, const char *text, const char *mode, size_t max, bool caption)
{
    struct ag_buf plain;
    char err[300];
    ag_buf_init(&plain, 0);
    if (tg_text_parse(text, mode, &plain, err, sizeof(err)) < 0)
        tg_reply_error(c->r, 400, "Bad Request: %s", err);
    else if (!caption && plain.len == 0)
        tg_reply_error(c->r, 400, "Bad Request: message text is empty");
    else if (chars(plain.data) > max)
        tg_reply_error(c->r, 400, "Bad Request: message %s too long", caption ? "caption is" : "is");
    else {
        char *ok = ag_buf_detach(&plain);
        ag_buf_free(&plain); /* detach leaves a fresh empty buffer behind */
        return ok;
    }
    ag_buf_free(&plain);
    return NULL;
}

static void get_me(struct tg_call *c)
{
    json_t *b = c->bot;
    tg_reply_ok(c->r, json_pack("{s:O, s:b, s:O, s:O, s:b, s:b, s:b}", "id", json_object_get(b, "id"),
                                "is_bot", 1, "first_name", json_object_get(b, "first_name"), "username",
                                json_object_get(b, "username"), "can_join_groups", 1,
                                "can_read_all_group_messages", 0, "supports_inline_queries", 0));
}

static void get_chat(struct tg_call *c)
{
    json_t *chat = chat_of(c);
    if (chat) {
        json_t *o = tg_chat_object(chat);
        json_object_set_new(o, "accent_color_id", json_integer(0));
        json_object_set_new(o, "max_reaction_count", json_integer(11));
        tg_reply_ok(c->r, o);
    }
}

/* Flood control for n messages in chat; true if allowed (under the lock). */
static bool flood_ok(struct tg_call *c, json_t *chat, int n)
{
    long long wait = tg_flood_wait(c->r->sbx, chat, n);
    if (wait)
        tg_reply_flood(c->r, wait);
    return wait == 0;
}

static void send_message(struct tg_call *c)
{
    const char *text = tg_param(c, "text"), *mode = tg_param(c, "parse_mode"),
               *preview = tg_param(c, "link_preview_options");
    json_t *chat = chat_of(c), *lpo = NULL;
    if (!chat)
        return;
    if (!text || !*text) {
        tg_reply_error(c->r, 400, "Bad Request: message text is empty");
        return;
    }
    if (preview)
        lpo = json_loads(preview, 0,
                         NULL); /* not inside json_is_object: a macro that reads its argument twice */
    if (preview && !json_is_object(lpo)) {
        json_decref(lpo);
        tg_reply_error(c->r, 400, "Bad Request: can't parse link preview options JSON object");
        return;
    }
    char *plain = checked_text(c, text, mode, TG_TEXT_MAX, false);
    if (plain && flood_ok(c, chat, 1)) {
        json_t *m = tg_message_new(c->r->sbx, chat);
        sbx_set_str(m, "kind", "text");
        sbx_set_str(m, "text", plain);
        if (mode && *mode)
            sbx_set_str(m, "parse_mode", mode);
        if (lpo)
            json_object_set(m, "link_preview_options", lpo);
        tg_reply_ok(c->r, tg_message_object(c->r->sbx, c->bot, m));
    }
    json_decref(lpo);
    free(plain);
}

/* sendPhoto and sendVideo: the caption first, then the file (fetching or probing without the lock). */
static void send_media(struct tg_call *c, const char *kind)
{
    const char *caption = tg_param(c, "caption"), *mode = tg_param(c, "parse_mode");
    struct sbx *s = c->r->sbx;
    pthread_mutex_lock(&s->lock);
    json_t *chat = chat_of(c);
    pthread_mutex_unlock(&s->lock);
    char *plain = chat && caption ? checked_text(c, caption, mode, TG_CAPTION_MAX, true) : NULL;
    if (!chat || (caption && !plain))
        return;
    json_t *file = tg_input_file(c, kind, tg_param(c, kind), kind);
    pthread_mutex_lock(&s->lock);
    if (file && flood_ok(c, chat, 1)) {
        json_t *m = tg_message_new(s, chat);
        sbx_set_str(m, "kind", kind);
        sbx_set_str(m, "file_id", sbx_str(file, "file_id"));
        sbx_set_str(m, "sha256", sbx_str(file, "sha256"));
        if (plain && *plain)
            sbx_set_str(m, "caption", plain);
        if (mode && *mode)
            sbx_set_str(m, "parse_mode", mode);
        tg_reply_ok(c->r, tg_message_object(s, c->bot, m));
    }
    pthread_mutex_unlock(&s->lock);
    free(plain);
}

/* Check one InputMedia and its caption; its file record, or NULL after answering. */
static json_t *group_item(struct tg_call *c, json_t *item, size_t index, bool *documents, char **caption)
{
    const char *type = sbx_str(item, "type"), *media = sbx_str(item, "media");
    const char *text = sbx_str(item, "caption"), *mode = sbx_str(item, "parse_mode");
    *caption = NULL;
    if (!type || !media) {
        tg_reply_error(c->r, 400, "Bad Request: media #%zu needs a type and a media", index + 1);
        return NULL;
    }
    if (strcmp(type, "photo") != 0 && strcmp(type, "video") != 0) {
        *documents = true; /* documents and audio are not emulated */
        tg_reply_error(c->r, 400, "Bad Request: media #%zu: type %s is not supported here", index + 1, type);
        return NULL;
    }
    if (text && !(*caption = checked_text(c, text, mode, TG_CAPTION_MAX, true)))
        return NULL;
    json_t *file = tg_input_file(c, type, media, type);
    if (!file) {
        free(*caption);
        *caption = NULL;
    }
    return file;
}

static void send_media_group(struct tg_call *c)
{
    struct sbx *s = c->r->sbx;
    const char *text = tg_param(c, "media");
    json_t *media = text ? json_loads(text, 0, NULL) : NULL, *files = json_array(), *captions = json_array();
    bool documents = false;
    pthread_mutex_lock(&s->lock);
    json_t *chat = chat_of(c);
    pthread_mutex_unlock(&s->lock);
    if (!chat)
        goto out;
    if (!json_is_array(media) || json_array_size(media) < TG_GROUP_MIN ||
        json_array_size(media) > TG_GROUP_MAX) {
        tg_reply_error(c->r, 400, "Bad Request: media must be a JSON array of 2-10 InputMedia");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(media); i++) {
        char *caption;
        json_t *file = group_item(c, json_array_get(media, i), i, &documents, &caption);
        if (!file)
            goto out;
        json_array_append(files, file);
        json_array_append_new(captions, caption ? json_string(caption) : json_null());
        free(caption);
    }
    pthread_mutex_lock(&s->lock);
    if (flood_ok(c, chat, (int)json_array_size(files))) {
        char group[20];
        json_t *result = json_array();
        sbx_random_digits(group, 18);
        group[0] = (char)('1' + group[0] % 9);
        for (size_t i = 0; i < json_array_size(files); i++) {
            json_t *m = tg_message_new(s, chat), *f = json_array_get(files, i);
            sbx_set_str(m, "kind", sbx_str(f, "kind"));
            sbx_set_str(m, "file_id", sbx_str(f, "file_id"));
            sbx_set_str(m, "sha256", sbx_str(f, "sha256"));
            sbx_set_str(m, "media_group_id", group);
            if (json_is_string(json_array_get(captions, i)))
                json_object_set(m, "caption", json_array_get(captions, i));
            json_array_append_new(result, tg_message_object(s, c->bot, m));
        }
        tg_reply_ok(c->r, result);
    }
    pthread_mutex_unlock(&s->lock);
out:
    json_decref(media);
    json_decref(files);
    json_decref(captions);
}

static void delete_message(struct tg_call *c)
{
    const char *id_text = tg_param(c, "message_id");
    char *end = NULL;
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    json_t *chat = chat_of(c), *m, *found = NULL;
    size_t i;
    if (!chat)
        return;
    if (!id_text || !*id_text || *end) {
        tg_reply_error(c->r, 400, "Bad Request: message identifier is not specified");
        return;
    }
    json_array_foreach(tg_list(c->r->sbx, "messages"), i, m)
    {
        if (sbx_int(m, "chat_id") == sbx_int(chat, "id") && sbx_int(m, "message_id") == id &&
            !sbx_bool(m, "deleted"))
            found = m;
    }
    if (!found)
        tg_reply_error(c->r, 400, "Bad Request: message to delete not found");
    else if (sbx_int(found, "date") * 1000 < sbx_now_ms() - TG_DELETE_WINDOW)
        tg_reply_error(c->r, 400, "Bad Request: message can't be deleted");
    else {
        json_object_set_new(found, "deleted", json_true());
        tg_reply_ok(c->r, json_true());
    }
}

void tg_dispatch(struct tg_call *c)
{
    struct sbx *s = c->r->sbx;
    const char *m = c->method;
    if (strcmp(m, "sendPhoto") == 0 || strcmp(m, "sendVideo") == 0) {
        send_media(c, strcmp(m, "sendPhoto") == 0 ? "photo" : "video");
        return;
    }
    if (strcmp(m, "sendMediaGroup") == 0) {
        send_media_group(c);
        return;
    }
    pthread_mutex_lock(&s->lock);
    if (strcmp(m, "getMe") == 0)
        get_me(c);
    else if (strcmp(m, "getChat") == 0)
        get_chat(c);
    else if (strcmp(m, "sendMessage") == 0)
        send_message(c);
    else
        delete_message(c);
    pthread_mutex_unlock(&s->lock);
}
