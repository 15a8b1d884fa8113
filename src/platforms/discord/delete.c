/* agoras discord delete: DELETE /channels/{channel}/messages/{id} -> 204, then {"id":"<id>"}. */
#include <stdio.h>
#include <string.h>

#include "net/result.h"
#include "platforms/discord/api.h"
#include "platforms/discord/discord.h"
#include "platforms/discord/options.h"
#include "platforms/discord/target.h"

int ag_discord_run_delete(struct ag_args *args, struct ag_error *err)
{
    const struct dc_delete_opts *o = args->opts;
    const char *id = o->post_id && *o->post_id ? o->post_id : o->post_id_alias;
    struct dc_target t;
    char path[96], route[96], what[sizeof(t.channel.name) + 32];
    json_t *answer = NULL;
    if (!id || !*id)
        return ag_error_set(err, AG_EUSAGE,
                            "missing required option '--post-id' (or set DISCORD_POST_ID or POST_ID)");
    if (!dc_is_snowflake(id))
        return ag_error_set(err, AG_EUSAGE,
                            "--post-id '%.40s' is not a Discord message id: give the digits printed by post",
                            id);
    int rc = dc_target_for(args, &o->c, &t, err);
    if (rc < 0)
        return rc;
    snprintf(path, sizeof(path), "/channels/%s/messages/%s", t.channel.id, id);
    snprintf(route, sizeof(route), "DELETE /channels/%s/messages", t.channel.id);
    snprintf(what, sizeof(what), "deleting a message in #%s", t.channel.name);
    struct dc_request r = {.method = "DELETE", .path = path, .route = route, .what = what};
    rc = dc_call(o->c.bot_token, &r, &answer, err);
    json_decref(answer);
    if (rc == 0)
        ag_result_print("id", id, NULL);
    return rc;
}
