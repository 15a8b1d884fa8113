#include "platforms/discord/send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "net/result.h"
#include "platforms/discord/api.h"
#include "platforms/discord/pick.h"

#define MAX_FILES 4

static int print_sent(json_t *m, const struct dc_target *t, struct ag_error *err)
{
    const char *id = json_string_value(json_object_get(m, "id"));
    if (!id || !dc_is_snowflake(id))
        return ag_error_set(err, AG_EUNKNOWN, "%s (Discord's answer names no message id)", DC_MAYBE_POSTED);
    char url[160];
    snprintf(url, sizeof(url), "https://discord.com/channels/%s/%s/%s", t->server.id, t->channel.id, id);
    json_t *more = json_pack("{s:s}", "url", url);
    ag_result_print("id", id, more);
    json_decref(more);
    return 0;
}

int dc_send(const char *token, const struct dc_target *t, json_t *msg, const struct dc_file *files, size_t n,
            struct ag_error *err)
{
    char path[64], route[80], what[sizeof(t->channel.name) + 16], names[MAX_FILES][16];
    struct ag_http_part parts[MAX_FILES + 2];
    char *payload = NULL;
    snprintf(path, sizeof(path), "/channels/%s/messages", t->channel.id);
    snprintf(route, sizeof(route), "POST %s", path);
    snprintf(what, sizeof(what), "posting to #%s", t->channel.name);
    struct dc_request r = {.method = "POST", .path = path, .route = route, .what = what, .create = 1};
    if (n == 0) {
        r.json = msg;
    } else {
        if (n > MAX_FILES || !(payload = json_dumps(msg, JSON_COMPACT)))
            return ag_error_set(err, AG_EFAIL, "out of memory");
        memset(parts, 0, sizeof(parts));
        parts[0] = (struct ag_http_part){
            .name = "payload_json", .value = payload, .fd = -1, .content_type = "application/json"};
        for (size_t i = 0; i < n; i++) {
            snprintf(names[i], sizeof(names[i]), "files[%zu]", i);
            parts[i + 1] = (struct ag_http_part){.name = names[i],
                                                 .fd = files[i].media.fd,
                                                 .len = files[i].media.size,
                                                 .filename = files[i].filename,
                                                 .content_type = files[i].media.content_type};
        }
        r.parts = parts;
    }
    json_t *m = NULL;
    int rc = dc_call(token, &r, &m, err);
    if (rc == 0)
        rc = print_sent(m, t, err);
    json_decref(m);
    free(payload);
    return rc;
}
