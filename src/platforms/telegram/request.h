/*
 * Bot API requests (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §4.1-§4.2): the method URL and the
 * JSON parameters of each method the publisher calls.  chat_id is a normalised id (chat.h): a numeric
 * one is sent as a JSON integer, an @username as a string.  A media value is an http(s) URL that
 * Telegram fetches, or "attach://<name>" naming a part of a multipart request.  parse_mode is sent
 * only with a non-empty text or caption and never for TG_PARSE_NONE.  Builders return 0 and a new
 * object in *out (caller json_decref), or a negative exit code with err set.
 */
#ifndef AG_TELEGRAM_REQUEST_H
#define AG_TELEGRAM_REQUEST_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "platforms/telegram/tg_message.h"

#define TG_DEFAULT_API_BASE "https://api.telegram.org"
#define TG_MEDIA_GROUP_MIN  2
#define TG_MEDIA_GROUP_MAX  10

/*
 * 0 if token looks like a bot token ("<digits>:<letters, digits, '_' or '-'>", as BotFather issues
 * them), so it can go into a URL path as is.  Missing: -AG_EAUTH; malformed: -AG_EUSAGE.  The
 * messages name TELEGRAM_BOT_TOKEN / --bot-token and never the value.
 */
int tg_token_check(const char *token, struct ag_error *err);

/*
 * Write "<base>/bot<token>/<method>" to out, base being $AGORAS_TELEGRAM_API_BASE (trailing '/'
 * dropped; it may carry a path prefix) or TG_DEFAULT_API_BASE.  The base must be https, or http to
 * loopback (-AG_EUSAGE otherwise).  out holds the token: never log or print it as is.
 */
int tg_method_url(const char *token, const char *method, char *out, size_t size, struct ag_error *err);

/* sendMessage; preview_url (may be NULL) is the link whose preview Telegram shows. */
int tg_req_send_message(const char *chat_id, const char *text, enum tg_parse_mode mode,
                        const char *preview_url, json_t **out, struct ag_error *err);

/*
 * sendPhoto; caption may be NULL.  photo NULL: the photo is uploaded as the multipart part named
 * "photo" (the field is left out).
 */
int tg_req_send_photo(const char *chat_id, const char *photo, const char *caption, enum tg_parse_mode mode,
                      json_t **out, struct ag_error *err);

/* sendMediaGroup of n (2..10) photos; the caption (may be NULL) goes on the first item only. */
int tg_req_send_media_group(const char *chat_id, const char *const *photos, size_t n, const char *caption,
                            enum tg_parse_mode mode, json_t **out, struct ag_error *err);

/* sendVideo; caption may be NULL; video NULL: uploaded as the part named "video", as for sendPhoto. */
int tg_req_send_video(const char *chat_id, const char *video, const char *caption, enum tg_parse_mode mode,
                      json_t **out, struct ag_error *err);

/*
 * deleteMessage; message_id is --post-id / TELEGRAM_MESSAGE_ID as given: a positive integer
 * (surrounding white space allowed), else -AG_EUSAGE naming both.
 */
int tg_req_delete_message(const char *chat_id, const char *message_id, json_t **out, struct ag_error *err);

/* getChat. */
int tg_req_get_chat(const char *chat_id, json_t **out, struct ag_error *err);

#endif
