/*
 * Telegram's emulator (Bot API 10.1, LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §4, §6.2): methods
 * at /telegram/bot<token>/<method>.  Private to src/sandbox/telegram/: the generic sandbox knows it
 * only as the struct sbx_network sbx_telegram (telegram.c).  Its state section is
 * sbx_section(s, "telegram"), described in world.c.
 */
#ifndef SBX_TELEGRAM_H
#define SBX_TELEGRAM_H

#include "sandbox/sandbox.h"

/* §4.2, §4.3: limits as documented. */
#define TG_TEXT_MAX      4096
#define TG_CAPTION_MAX   1024
#define TG_PHOTO_UPLOAD  (10 * SBX_MB)
#define TG_OTHER_UPLOAD  (50 * SBX_MB)
#define TG_PHOTO_URL     (5 * SBX_MB)
#define TG_OTHER_URL     (20 * SBX_MB)
#define TG_GROUP_MIN     2
#define TG_GROUP_MAX     10
#define TG_DELETE_WINDOW (48LL * 3600 * 1000)

/* A parameter that arrived as a file part of a multipart body, stored in the media directory. */
struct tg_file {
    char *name;
    char *path;
    long long size;
    char sha256[65];
    bool kept; /* a message holds it now: not removed when the request ends */
};

/* One request to a method: its parameters, whatever way they came. */
struct tg_call {
    struct sbx_req *r;
    const char *method; /* the documented spelling */
    json_t *bot;        /* borrowed from the state (bots are never removed) */
    json_t *params;     /* name -> string value */
    struct tg_file *files;
    size_t n_files;
};

/* ---- telegram.c: answers ---- */
void tg_reply_ok(struct sbx_req *r, json_t *result); /* steals result */
void tg_reply_error(struct sbx_req *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tg_reply_flood(struct sbx_req *r, long long retry_after_s);

/* ---- params.c: query string, form, JSON and multipart parameters (a streaming route) ---- */
void tg_stream_begin(struct sbx_req *r, const char *method, json_t *bot);
void tg_stream_data(struct sbx_req *r, const char *data, size_t len);
void tg_stream_free(struct sbx_req *r);
struct tg_call *tg_call_finish(struct sbx_req *r); /* the body is in: parameters, or NULL after answering */
const char *tg_param(struct tg_call *c, const char *name);
struct tg_file *tg_file_part(struct tg_call *c, const char *name);

/* ---- text.c: parse_mode ---- */
/*
 * Check text against parse_mode (NULL or "": none) and count its characters after entity parsing.
 * 0, or -1 with the description (after "Bad Request: ") in err.  plain receives the text without
 * markup.
 */
int tg_text_parse(const char *text, const char *parse_mode, struct ag_buf *plain, char *err, size_t errlen);

/* ---- world.c: bots, chats, messages, files (caller holds the lock) ---- */
int tg_state_check(json_t *section, const char **why);
void tg_state_init(struct sbx *s, json_t *section);
json_t *tg_list(struct sbx *s, const char *name);
json_t *tg_find_bot(struct sbx *s, const char *token);
json_t *tg_find_chat(struct sbx *s, const char *chat_id);
json_t *tg_chat_object(json_t *chat); /* the Chat of a Message */
long long tg_flood_wait(struct sbx *s, json_t *chat,
                        int messages);               /* seconds to wait, 0: allowed (recorded) */
json_t *tg_message_new(struct sbx *s, json_t *chat); /* stored, with the next id */
json_t *tg_message_object(struct sbx *s, json_t *bot, json_t *msg); /* the Message answered */
json_t *tg_file_find(struct sbx *s, const char *file_id);
char *tg_file_path(struct sbx *s, json_t *file); /* caller frees */
void tg_page_section(struct ag_buf *b, json_t *section);
void tg_print_exports(struct sbx *s, FILE *out);
void tg_page_media(struct sbx_req *r);

/* ---- media.c: an InputFile parameter: an upload, a URL the sandbox fetches, or a file_id ---- */
/*
 * The stored file record for parameter param whose value is value (NULL: an upload in the part
 * named param), of kind "photo" or "video"; NULL after answering.  Call without the lock.
 */
json_t *tg_input_file(struct tg_call *c, const char *param, const char *value, const char *kind);

/* ---- methods.c ---- */
void tg_dispatch(struct tg_call *c);
const char *tg_method_name(const char *given); /* the documented spelling, NULL if not emulated */

#endif
