/* Creating the message and printing the result line, for post and video. */
#ifndef AG_DISCORD_SEND_H
#define AG_DISCORD_SEND_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "platforms/discord/target.h"
#include "platforms/discord/upload.h"

/*
 * POST /channels/{id}/messages with msg: JSON, or with files multipart (payload_json, then
 * files[0..n-1] streamed).  Then print {"id":"<message
 * id>","url":"https://discord.com/channels/<g>/<c>/<m>"}.
 */
int dc_send(const char *token, const struct dc_target *t, json_t *msg, const struct dc_file *files, size_t n,
            struct ag_error *err);

#endif
