/*
 * One Bot API call (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §4.1): the method URL with the token,
 * the parameters as JSON or, with files, as multipart/form-data (files streamed from disk), the
 * answer's envelope mapped to exit codes (reply.h), and the create-once rule (net/create.h).
 */
#ifndef AG_TELEGRAM_API_H
#define AG_TELEGRAM_API_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"

/* Longest flood-control wait (parameters.retry_after) slept before sending again; longer: exit 5. */
#define TG_MAX_WAIT_S 60

/* What a send's unknown outcome tells the user (exit 6). */
#define TG_MAYBE_POSTED "telegram: the message may have been posted: check the chat before retrying"

/* A file sent as the multipart part named part: bytes [0, size) of fd, streamed, never read whole. */
struct tg_upload {
    const char *part;         /* "photo", "video", or "photo2" for a media item's attach://photo2 */
    int fd;                   /* owned by the caller */
    uint64_t size;            /* as checked against the limits */
    const char *filename;     /* the file's base name */
    const char *content_type; /* by content ("image/jpeg") */
};

/*
 * Register token and its secret half (after the ':') with ag_log_add_secret, so that no log line or
 * message can show them.  Every handler calls it as soon as it has the token.
 */
void tg_token_hide(const char *token);

/*
 * Call method with params (a JSON object, not stolen; its values become form fields when there are
 * files) and n_files uploads.  create: the call sends a message (sendMessage, sendPhoto, sendVideo,
 * sendMediaGroup): it goes out once, is sent again only after Telegram's flood control refused it
 * (429, waiting its retry_after when at most TG_MAX_WAIT_S), and an unknown outcome (5xx, no answer,
 * an answer that is not the Bot API's) is -AG_EUNKNOWN with TG_MAYBE_POSTED.  Other calls are retried
 * on network errors and 5xx.  On success *result is a new reference to the answer's "result".
 */
int tg_call(const char *token, const char *method, json_t *params, const struct tg_upload *files,
            size_t n_files, int create, json_t **result, struct ag_error *err);

#endif
