#include "platforms/discord/pick.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

#define LIST_MAX 10 /* names or candidates shown in one message */

enum { TEXT = 0, ANNOUNCEMENT = 5 };

int dc_is_snowflake(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 20 && s[n] == '\0';
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int postable(json_t *ch)
{
    json_int_t t = json_integer_value(json_object_get(ch, "type"));
    return json_is_integer(json_object_get(ch, "type")) && (t == TEXT || t == ANNOUNCEMENT);
}

static const char *type_name(json_int_t t)
{
    switch (t) {
    case 2:
        return "a voice channel";
    case 4:
        return "a category";
    case 13:
        return "a stage channel";
    case 15:
        return "a forum";
    case 16:
        return "a media channel";
    default:
        return "not a text channel";
    }
}

/* The index of the item with id want, else the items named want (in *hits, their count returned). */
static size_t matches(json_t *list, const char *want, int channels, size_t *hits, size_t max)
{
    size_t i, n = 0;
    json_t *v;
    if (dc_is_snowflake(want)) {
        json_array_foreach(list, i, v)
        {
            if (strcmp(str(v, "id"), want) == 0) {
                hits[0] = i;
                return 1;
            }
        }
    }
    json_array_foreach(list, i, v)
    {
        if (n < max && strcmp(str(v, "name"), want) == 0 && (!channels || postable(v)))
            hits[n++] = i;
    }
    return n;
}

static void copy(json_t *item, struct dc_place *out)
{
    snprintf(out->id, sizeof(out->id), "%s", str(item, "id"));
    snprintf(out->name, sizeof(out->name), "%s", str(item, "name"));
}

/* "a (id 1), b (id 2)" of hits, or of the first LIST_MAX postable items when hits is NULL. */
static void list_names(json_t *list, const size_t *hits, size_t n, int channels, char *out, size_t size)
{
    char item[DC_NAME_MAX * 4 + 64];
    size_t shown = 0, i;
    json_t *v;
    out[0] = '\0';
    if (hits) {
        for (i = 0; i < n; i++) {
            v = json_array_get(list, hits[i]);
            snprintf(item, sizeof(item), "'%s' (id %s)", str(v, "name"), str(v, "id"));
            ag_join_append(out, size, ", ", item);
        }
        return;
    }
    json_array_foreach(list, i, v)
    {
        if (channels && !postable(v))
            continue;
        if (shown++ == LIST_MAX) {
            ag_join_append(out, size, ", ", "…");
            break;
        }
        snprintf(item, sizeof(item), "'%s'", str(v, "name"));
        ag_join_append(out, size, ", ", item);
    }
    if (!*out)
        snprintf(out, size, "none");
}

int dc_pick_guild(json_t *guilds, const char *want, struct dc_place *out, struct ag_error *err)
{
    size_t hits[LIST_MAX];
    char names[1024];
    size_t n = matches(guilds, want, 0, hits, LIST_MAX);
    if (n == 1) {
        copy(json_array_get(guilds, hits[0]), out);
        return 0;
    }
    list_names(guilds, n ? hits : NULL, n, 0, names, sizeof(names));
    if (n > 1)
        return ag_error_set(
            err, AG_EUSAGE,
            "discord: %zu servers are named '%s': %s: set --server-name (or DISCORD_SERVER_NAME) "
            "to the id of the one to use",
            n, want, names);
    return ag_error_set(
        err, AG_EUSAGE,
        "discord: the bot is in no server named '%s' (its servers: %s): invite the bot to it, "
        "or give the exact name or the id with --server-name (or DISCORD_SERVER_NAME)",
        want, names);
}

int dc_pick_channel(json_t *channels, const char *want, const char *server, struct dc_place *out,
                    struct ag_error *err)
{
    size_t hits[LIST_MAX], i;
    char names[1024];
    json_t *v;
    size_t n = matches(channels, want, 1, hits, LIST_MAX);
    if (n == 1 && postable(json_array_get(channels, hits[0]))) {
        copy(json_array_get(channels, hits[0]), out);
        return 0;
    }
    if (n > 1) {
        list_names(channels, hits, n, 1, names, sizeof(names));
        return ag_error_set(err, AG_EUSAGE,
                            "discord: %zu text channels of '%s' are named '%s': %s: set --channel-name (or "
                            "DISCORD_CHANNEL_NAME) to the id of the one to use",
                            n, server, want, names);
    }
    json_array_foreach(channels, i, v)
    {
        if (strcmp(str(v, "name"), want) == 0 || strcmp(str(v, "id"), want) == 0)
            return ag_error_set(err, AG_EUSAGE,
                                "discord: '%s' in '%s' is %s: give a text or announcement channel", want,
                                server, type_name(json_integer_value(json_object_get(v, "type"))));
    }
    list_names(channels, NULL, 0, 1, names, sizeof(names));
    return ag_error_set(
        err, AG_EUSAGE,
        "discord: '%s' has no text channel named '%s' (its text channels: %s): give the exact "
        "name (without #) or the id with --channel-name (or DISCORD_CHANNEL_NAME)",
        server, want, names);
}
