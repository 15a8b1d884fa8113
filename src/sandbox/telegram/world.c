/*
 * Telegram's section of the state (the "telegram" key of the --state file):
 *   {
 *     "bots": [{"token": "123456:sbx-telegram-token", "id": 123456, "first_name": "Sandbox Bot",
 *               "username": "sbx_bot"}],                     // the tokens that get through
 *     "chats": [{"id": -1001000000001, "type": "channel", "title": "Sandbox Channel",
 *                "username": "sbx_channel"},                 // chat_id -1001000000001 or @sbx_channel
 *               {"id": 1000000001, "type": "private", "first_name": "Sandbox User"}],
 *     "flood_per_minute": 20,     // messages a minute per chat before 429 (§4.5's group limit); 0: none
 *     "messages": [...], "files": [...]   // written by the sandbox itself; kept across restarts
 *   }
 * Missing lists take these built-in defaults.  Message ids increase per chat; a message's date is
 * Unix seconds (edit it in the file to try the 48-hour delete rule).
 */
#include "sandbox/telegram/telegram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FLOOD_WINDOW_MS 60000LL

json_t *tg_list(struct sbx *s, const char *name)
{
    return sbx_array(sbx_section(s, "telegram"), name);
}

int tg_state_check(json_t *section, const char **why)
{
    static const char *const bot_keys[] = {"token", NULL};
    static const char *const file_keys[] = {"file_id", "kind", "name", NULL};
    size_t i;
    json_t *item;
    *why = "bots need a token, chats an integer id and a type, messages integer chat_id and message_id";
    if (sbx_check_list(section, "bots", bot_keys) || sbx_check_list(section, "files", file_keys))
        return -1;
    json_t *chats = json_object_get(section, "chats"), *msgs = json_object_get(section, "messages");
    if ((chats && !json_is_array(chats)) || (msgs && !json_is_array(msgs)))
        return -1;
    json_array_foreach(chats, i, item)
    {
        if (!json_is_integer(json_object_get(item, "id")) || !sbx_str(item, "type"))
            return -1;
    }
    json_array_foreach(msgs, i, item)
    {
        if (!json_is_integer(json_object_get(item, "chat_id")) ||
            !json_is_integer(json_object_get(item, "message_id")))
            return -1;
    }
    json_t *flood = json_object_get(section, "flood_per_minute");
    if (flood && (!json_is_integer(flood) || json_integer_value(flood) < 0)) {
        *why = "flood_per_minute is a count of messages (0: no limit)";
        return -1;
    }
    return 0;
}

void tg_state_init(struct sbx *s, json_t *section)
{
    size_t i;
    json_t *bot;
    (void)s;
    if (!json_array_size(json_object_get(section, "bots")))
        json_object_set_new(section, "bots",
                            json_pack("[{s:s, s:I, s:s, s:s}]", "token", "123456:sbx-telegram-token", "id",
                                      (json_int_t)123456, "first_name", "Sandbox Bot", "username",
                                      "sbx_bot"));
    if (!json_array_size(json_object_get(section, "chats")))
        json_object_set_new(
            section, "chats",
            json_pack("[{s:I, s:s, s:s, s:s}, {s:I, s:s, s:s}]", "id", (json_int_t)-1001000000001LL, "type",
                      "channel", "title", "Sandbox Channel", "username", "sbx_channel", "id",
                      (json_int_t)1000000001LL, "type", "private", "first_name", "Sandbox User"));
    json_array_foreach(sbx_array(section, "bots"), i, bot)
    {
        sbx_set_default(bot, "id", json_integer(strtoll(sbx_str(bot, "token"), NULL, 10)));
        sbx_set_default(bot, "first_name", json_string("Sandbox Bot"));
        sbx_set_default(bot, "username", json_string("sbx_bot"));
    }
    sbx_set_default(section, "flood_per_minute", json_integer(20));
    sbx_array(section, "messages");
    sbx_array(section, "files");
}

json_t *tg_find_bot(struct sbx *s, const char *token)
{
    return sbx_find(tg_list(s, "bots"), "token", token);
}

/* chat_id: an integer, or @username for channels and supergroups (§4.1). */
json_t *tg_find_chat(struct sbx *s, const char *chat_id)
{
    size_t i;
    json_t *chat;
    char *end;
    long long id = strtoll(chat_id, &end, 10);
    bool numeric = *chat_id && *end == '\0';
    json_array_foreach(tg_list(s, "chats"), i, chat)
    {
        const char *user = sbx_str(chat, "username");
        if (numeric ? sbx_int(chat, "id") == id
                    : chat_id[0] == '@' && user && strcasecmp(user, chat_id + 1) == 0 &&
                          strcmp(sbx_str(chat, "type"), "private") != 0)
            return chat;
    }
    return NULL;
}

json_t *tg_chat_object(json_t *chat)
{
    json_t *out = json_object();
    static const char *const keys[] = {"id", "type", "title", "username", "first_name", "last_name", NULL};
    for (const char *const *k = keys; *k; k++)
        if (json_object_get(chat, *k))
            json_object_set(out, *k, json_object_get(chat, *k));
    return out;
}

long long tg_flood_wait(struct sbx *s, json_t *chat, int messages)
{
    long long limit = sbx_int(sbx_section(s, "telegram"), "flood_per_minute"), now = sbx_now_ms();
    json_t *sent = sbx_array(chat, "_sent");
    while (json_array_size(sent) > 0 && json_integer_value(json_array_get(sent, 0)) <= now - FLOOD_WINDOW_MS)
        json_array_remove(sent, 0);
    if (limit > 0 && (long long)json_array_size(sent) + messages > limit) {
        long long oldest = json_integer_value(json_array_get(sent, 0));
        long long wait = (oldest + FLOOD_WINDOW_MS - now + 999) / 1000;
        return wait > 0 ? wait : 1;
    }
    for (int i = 0; i < messages; i++)
        json_array_append_new(sent, json_integer(now));
    return 0;
}

json_t *tg_message_new(struct sbx *s, json_t *chat)
{
    size_t i;
    json_t *m;
    long long chat_id = sbx_int(chat, "id"), last = 0;
    json_array_foreach(tg_list(s, "messages"), i, m)
    {
        if (sbx_int(m, "chat_id") == chat_id && sbx_int(m, "message_id") > last)
            last = sbx_int(m, "message_id");
    }
    m = json_pack("{s:I, s:I, s:I}", "chat_id", (json_int_t)chat_id, "message_id", (json_int_t)(last + 1),
                  "date", (json_int_t)(sbx_now_ms() / 1000));
    json_array_append_new(tg_list(s, "messages"), m);
    return m;
}

json_t *tg_file_find(struct sbx *s, const char *file_id)
{
    return sbx_find(tg_list(s, "files"), "file_id", file_id);
}

char *tg_file_path(struct sbx *s, json_t *file)
{
    size_t n = strlen(s->data_dir) + strlen(sbx_str(file, "name")) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", s->data_dir, sbx_str(file, "name"));
    return path;
}

static json_t *file_object(json_t *file)
{
    json_t *out =
        json_pack("{s:O, s:O, s:O}", "file_id", json_object_get(file, "file_id"), "file_unique_id",
                  json_object_get(file, "file_unique_id"), "file_size", json_object_get(file, "file_size"));
    if (json_object_get(file, "width")) {
        json_object_set(out, "width", json_object_get(file, "width"));
        json_object_set(out, "height", json_object_get(file, "height"));
    }
    return out;
}

json_t *tg_message_object(struct sbx *s, json_t *bot, json_t *msg)
{
    json_t *chat, *file;
    char id[24];
    snprintf(id, sizeof(id), "%lld", sbx_int(msg, "chat_id"));
    chat = tg_find_chat(s, id);
    json_t *out = json_pack("{s:O, s:O, s:o}", "message_id", json_object_get(msg, "message_id"), "date",
                            json_object_get(msg, "date"), "chat", tg_chat_object(chat));
    if (strcmp(sbx_str(chat, "type"), "channel") == 0)
        json_object_set_new(out, "sender_chat", tg_chat_object(chat));
    else
        json_object_set_new(out, "from",
                            json_pack("{s:O, s:b, s:O, s:O}", "id", json_object_get(bot, "id"), "is_bot", 1,
                                      "first_name", json_object_get(bot, "first_name"), "username",
                                      json_object_get(bot, "username")));
    static const char *const copied[] = {"text", "caption", "media_group_id", "link_preview_options", NULL};
    for (const char *const *k = copied; *k; k++)
        if (json_object_get(msg, *k))
            json_object_set(out, *k, json_object_get(msg, *k));
    if ((file = tg_file_find(s, sbx_str(msg, "file_id")))) {
        if (strcmp(sbx_str(file, "kind"), "photo") == 0)
            json_object_set_new(out, "photo", json_pack("[o]", file_object(file)));
        else
            json_object_set_new(out, "video", file_object(file));
    }
    return out;
}

void tg_page_section(struct ag_buf *b, json_t *section)
{
    static const char *const bot_keys[] = {"username", "id", "first_name", NULL};
    static const char *const chat_keys[] = {"id", "type", "username", "title", "first_name", NULL};
    static const char *const msg_keys[] = {"chat_id", "message_id",     "date",       "kind",
                                           "text",    "caption",        "parse_mode", "file_id",
                                           "sha256",  "media_group_id", "deleted",    NULL};
    size_t i;
    json_t *m;
    ag_buf_puts(b, "<h2>Telegram</h2>");
    sbx_page_table(b, "Bots", json_object_get(section, "bots"), bot_keys);
    sbx_page_table(b, "Chats", json_object_get(section, "chats"), chat_keys);
    ag_buf_puts(b, "<h3>Messages</h3><table><tr>");
    for (const char *const *k = msg_keys; *k; k++)
        ag_buf_printf(b, "<th>%s</th>", *k);
    ag_buf_puts(b, "<th>media</th></tr>");
    json_array_foreach(json_object_get(section, "messages"), i, m)
    {
        ag_buf_puts(b, "<tr>");
        for (const char *const *k = msg_keys; *k; k++)
            sbx_page_cell(b, json_object_get(m, *k));
        ag_buf_puts(b, "<td>");
        const char *kind = sbx_str(m, "kind"), *file_id = sbx_str(m, "file_id");
        if (file_id) {
            char *id = sbx_url_encode(file_id);
            if (strcmp(kind, "photo") == 0)
                ag_buf_printf(b, "<img alt=photo src=\"/_sandbox/telegram/media/%s\">", id);
            else
                ag_buf_printf(
                    b, "<video controls preload=metadata src=\"/_sandbox/telegram/media/%s\"></video>", id);
            free(id);
        }
        ag_buf_puts(b, "</td></tr>");
    }
    ag_buf_puts(b, "</table>");
}

/* GET /_sandbox/telegram/media/FILE_ID: a stored file, for the page. */
void tg_page_media(struct sbx_req *r)
{
    const char *id = r->path + strlen("/_sandbox/telegram/media/");
    pthread_mutex_lock(&r->sbx->lock);
    json_t *file = tg_file_find(r->sbx, id);
    char *path = file ? tg_file_path(r->sbx, file) : NULL;
    bool photo = file && strcmp(sbx_str(file, "kind"), "photo") == 0;
    pthread_mutex_unlock(&r->sbx->lock);
    if (path)
        sbx_page_send_file(r, path, photo ? "image/jpeg" : "video/mp4"); /* browsers sniff the rest */
    else
        tg_reply_error(r, 404, "Not Found");
    free(path);
}

void tg_print_exports(struct sbx *s, FILE *out)
{
    char url[160], chat[64] = "";
    snprintf(url, sizeof(url), "%s/telegram", s->base_url);
    sbx_export_line(out, "AGORAS_TELEGRAM_API_BASE", url);
    pthread_mutex_lock(&s->lock);
    json_t *first = json_array_get(tg_list(s, "chats"), 0);
    const char *token = sbx_str(json_array_get(tg_list(s, "bots"), 0), "token");
    if (sbx_str(first, "username") && strcmp(sbx_str(first, "type"), "private") != 0)
        snprintf(chat, sizeof(chat), "@%s", sbx_str(first, "username"));
    else if (first)
        snprintf(chat, sizeof(chat), "%lld", sbx_int(first, "id"));
    sbx_export_line(out, "TELEGRAM_BOT_TOKEN", token ? token : "");
    pthread_mutex_unlock(&s->lock);
    sbx_export_line(out, "TELEGRAM_CHAT_ID", chat);
}
