/*
 * The body of a create message request (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3.3-§3.4): content,
 * embeds, attachments, a random nonce with enforce_nonce, and no mentions (a post never pings
 * @everyone or a role by accident).  Limits are checked here, before anything is sent (exit 4).
 */
#ifndef AG_DISCORD_MESSAGE_H
#define AG_DISCORD_MESSAGE_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/opengraph.h"

#define DC_CONTENT_MAX     2000 /* characters of content */
#define DC_TITLE_MAX       256  /* an embed's title */
#define DC_DESCRIPTION_MAX 4096 /* an embed's description */
#define DC_NONCE_LEN       25   /* Discord's longest nonce */

/*
 * A new message body {"content"?, "nonce", "enforce_nonce": true, "allowed_mentions": {"parse": []}}
 * with content as dc_message_set_content takes it.
 */
int dc_message_new(const char *content, json_t **out, struct ag_error *err);

/*
 * Set (or, NULL or empty, leave out) the content: UTF-8 of at most DC_CONTENT_MAX characters (code
 * points), else -AG_EINVALID naming its length and the limit (msg unchanged).
 */
int dc_message_set_content(json_t *msg, const char *content, struct ag_error *err);

/* A random nonce: DC_NONCE_LEN decimal digits and the NUL into out. */
int dc_nonce(char out[DC_NONCE_LEN + 1], struct ag_error *err);

/*
 * Add the embed of a link: its url, and the page's title, description and image when og says
 * (og may be NULL); the page's texts are cut to the embed limits.
 */
int dc_message_add_link(json_t *msg, const char *link, const struct ag_og *og, struct ag_error *err);

/* Add an embed showing image_url (an https URL Discord fetches, or "attachment://<filename>"). */
int dc_message_add_image(json_t *msg, const char *image_url, struct ag_error *err);

/* Add an embed with only a title (the video's), cut to DC_TITLE_MAX. */
int dc_message_add_title(json_t *msg, const char *title, struct ag_error *err);

/* Declare the upload files[id] as attachment {"id": id, "filename": filename}. */
int dc_message_add_attachment(json_t *msg, size_t id, const char *filename, struct ag_error *err);

#endif
