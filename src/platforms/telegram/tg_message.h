/*
 * What a Telegram message says: its text or caption, the parse mode it is written in, and the
 * length limits checked before anything is sent (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §4.2, §4.4).
 */
#ifndef AG_TELEGRAM_MESSAGE_H
#define AG_TELEGRAM_MESSAGE_H

#include <stddef.h>

#include "core/error.h"

#define TG_TEXT_MAX    4096 /* sendMessage text */
#define TG_CAPTION_MAX 1024 /* photo, video and media-group captions */

enum tg_parse_mode {
    TG_PARSE_HTML, /* the default, as in Python Agoras */
    TG_PARSE_MARKDOWN,
    TG_PARSE_MARKDOWNV2,
    TG_PARSE_NONE, /* plain text: no parse_mode field is sent at all */
};

/*
 * Parse --parse-mode / TELEGRAM_PARSE_MODE: HTML, Markdown, MarkdownV2 or None, in any letter case;
 * NULL or "" gives HTML.  Anything else is -AG_EUSAGE naming the four values.
 */
int tg_parse_mode_parse(const char *s, enum tg_parse_mode *out, struct ag_error *err);

/* The parse_mode value to send ("HTML", "Markdown", "MarkdownV2"), or NULL for TG_PARSE_NONE. */
const char *tg_parse_mode_value(enum tg_parse_mode mode);

/* 1 if s is well-formed UTF-8 (what the Bot API requires of every value), else 0. */
int tg_utf8_valid(const char *s);

/*
 * Length of s as Telegram counts it: UTF-16 code units of the text left after entity parsing.
 * Markup of the parse mode (HTML tags, Markdown markers, link targets, escaping backslashes) is not
 * counted and an HTML entity counts as one unit, so the result never exceeds Telegram's count for
 * well-formed markup: agoras may let through a text Telegram then refuses, never the reverse.
 * s must be valid UTF-8.
 */
size_t tg_visible_length(const char *s, enum tg_parse_mode mode);

/*
 * The text of `agoras telegram post`: "<text>\n<link>", or the one of them given (empty means
 * absent).  Without images it is the message: required (-AG_EUSAGE when both are absent) and at
 * most TG_TEXT_MAX long.  With images it is the caption of the (first) photo: may be absent
 * (*out = NULL), at most TG_CAPTION_MAX.  Too long, empty after formatting, or not UTF-8 is
 * -AG_EINVALID with the limit and the length.  *out is malloc'd (caller frees).
 */
int tg_post_text(const char *text, const char *link, size_t n_images, enum tg_parse_mode mode, char **out,
                 struct ag_error *err);

/*
 * The caption of `agoras telegram video`: the text, else the title, else none (*out = NULL);
 * checked like a photo caption.  *out is malloc'd (caller frees).
 */
int tg_video_caption(const char *text, const char *title, enum tg_parse_mode mode, char **out,
                     struct ag_error *err);

#endif
