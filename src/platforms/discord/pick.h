/*
 * Choosing the server and the channel from Discord's lists (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md
 * §3.2).  Names are not unique: where Agoras takes the first match, agoras refuses an ambiguous name
 * and lists the candidates with their ids, and accepts an id instead of a name.  Only text (0) and
 * announcement (5) channels can be posted to.  Pure functions over the JSON arrays Discord returns.
 */
#ifndef AG_DISCORD_PICK_H
#define AG_DISCORD_PICK_H

#include <jansson.h>

#include "core/error.h"

#define DC_ID_MAX   24  /* a snowflake's digits and the NUL */
#define DC_NAME_MAX 101 /* guild and channel names have at most 100 characters */

struct dc_place {
    char id[DC_ID_MAX];
    char name[DC_NAME_MAX * 4]; /* UTF-8 */
};

/* 1 if s is a snowflake: 1-20 digits. */
int dc_is_snowflake(const char *s);

/*
 * The guild of guilds (partial guild objects) whose id is want, else whose name is exactly want.
 * None: -AG_EUSAGE listing (up to 10) the bot's servers; several: -AG_EUSAGE listing their ids.
 */
int dc_pick_guild(json_t *guilds, const char *want, struct dc_place *out, struct ag_error *err);

/*
 * Same for the channel of a guild (server names it in messages), among text and announcement
 * channels; a match of another type (voice, category, forum) is refused naming the type.
 */
int dc_pick_channel(json_t *channels, const char *want, const char *server, struct dc_place *out,
                    struct ag_error *err);

#endif
