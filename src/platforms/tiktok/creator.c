#include "platforms/tiktok/creator.h"

#include <stdint.h>
#include <string.h>

#include "core/log.h"
#include "core/text.h"

int tt_creator_query(struct ag_session *s, struct tt_creator *out, struct ag_error *err)
{
    memset(out, 0, sizeof(*out));
    json_t *data = NULL;
    int rc = tt_session_post(s, "/v2/post/publish/creator_info/query/", NULL, 1, &data, err);
    if (rc < 0)
        return rc;
    return tt_creator_from_data(data, out, err);
}

int tt_creator_from_data(json_t *data, struct tt_creator *out, struct ag_error *err)
{
    memset(out, 0, sizeof(*out));
    out->data = data;
    out->username = json_string_value(json_object_get(data, "creator_username"));
    out->nickname = json_string_value(json_object_get(data, "creator_nickname"));
    out->comment_disabled = json_is_true(json_object_get(data, "comment_disabled"));
    out->duet_disabled = json_is_true(json_object_get(data, "duet_disabled"));
    out->stitch_disabled = json_is_true(json_object_get(data, "stitch_disabled"));
    /* A server's number: negative means "not said", and no real limit is near INT32_MAX seconds. */
    json_int_t max_s = json_integer_value(json_object_get(data, "max_video_post_duration_sec"));
    out->max_duration_s = max_s < 0 ? 0 : max_s > INT32_MAX ? INT32_MAX : (int64_t)max_s;
    if (!out->username || !json_is_array(json_object_get(data, "privacy_level_options"))) {
        tt_creator_free(out);
        return ag_error_set(err, AG_EFAIL,
                            "tiktok: creator info lacks creator_username or privacy_level_options");
    }
    return 0;
}

void tt_creator_free(struct tt_creator *c)
{
    if (c) {
        json_decref(c->data);
        memset(c, 0, sizeof(*c));
    }
}

int tt_creator_allows_privacy(const struct tt_creator *c, const char *privacy)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(c->data, "privacy_level_options"), i, v)
    {
        const char *s = json_string_value(v);
        if (s && strcmp(s, privacy) == 0)
            return 1;
    }
    return 0;
}

void tt_creator_privacy_list(const struct tt_creator *c, char *out, size_t size)
{
    size_t i;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(json_object_get(c->data, "privacy_level_options"), i, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        ag_join_append(out, size, ", ", s);
    }
}

int tt_creator_check_username(const struct tt_creator *c, const char *username, struct ag_error *err)
{
    if (strcmp(c->username, username) == 0)
        return 0;
    return ag_error_set(
        err, AG_EAUTH,
        "these credentials belong to TikTok user '@%s', not '@%s': authorize the right account or "
        "fix TIKTOK_USERNAME",
        c->username, username);
}
