#include "platforms/tiktok/publish.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/log.h"
#include "core/text.h"
#include "net/result.h"
#include "platforms/tiktok/api.h"
#include "platforms/tiktok/interrupted.h"
#include "platforms/tiktok/status.h"

#define MUSIC_URL "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en"
#define BRAND_URL "https://www.tiktok.com/legal/page/global/bc-policy/en"

int tt_check_text(const char *what, const char *text, long max, struct ag_error *err)
{
    if (!text)
        return 0;
    long n = ag_utf16_units(text);
    if (n < 0)
        return ag_error_set(err, AG_EINVALID, "the %s is not valid UTF-8", what);
    if (n > max)
        return ag_error_set(err, AG_EINVALID, "the %s is %ld UTF-16 units long; TikTok accepts at most %ld",
                            what, n, max);
    return 0;
}

int tt_check_privacy(const struct tt_creator *c, const char *privacy, int brand_content, struct ag_error *err)
{
    if (!tt_creator_allows_privacy(c, privacy)) {
        char list[256];
        tt_creator_privacy_list(c, list, sizeof(list));
        return ag_error_set(err, AG_EINVALID, "@%s cannot post with --privacy %s; this account allows: %s",
                            c->username, privacy, list);
    }
    if (brand_content && strcmp(privacy, "SELF_ONLY") == 0)
        return ag_error_set(err, AG_EINVALID,
                            "branded content (--brand-content) cannot be private: choose another --privacy");
    return 0;
}

int tt_publish_begin(struct ag_session *s, struct tt_creator *c, struct ag_error *err)
{
    int rc = tt_session_open(s, err);
    if (rc < 0)
        return rc;
    rc = tt_creator_query(s, c, err);
    if (rc == 0 && (rc = tt_creator_check_username(c, tt_session_username(s), err)) < 0)
        tt_creator_free(c);
    if (rc == 0)
        ag_info("Posting as %s (@%s)", c->nickname ? c->nickname : c->username, c->username);
    return rc;
}

void tt_print_notices(int brand_organic, int brand_content)
{
    if (brand_content)
        ag_info("Your photo/video will be labeled as 'Paid partnership'");
    else if (brand_organic)
        ag_info("Your photo/video will be labeled as 'Promotional content'");
    if (brand_content)
        ag_info(
            "By posting, you agree to TikTok's Branded Content Policy (%s) and Music Usage Confirmation (%s)",
            BRAND_URL, MUSIC_URL);
    else
        ag_info("By posting, you agree to TikTok's Music Usage Confirmation (%s)", MUSIC_URL);
}

void tt_print_dry_run(const char *path, json_t *body)
{
    json_t *out = json_pack("{s:b,s:s,s:O}", "dry_run", 1, "endpoint", path, "body", body);
    ag_result_print_json(out);
    json_decref(out);
}

const char *tt_publish_id(json_t *init_data, struct ag_error *err)
{
    const char *id = json_string_value(json_object_get(init_data, "publish_id"));
    if (!id || !*id) {
        ag_error_set(err, AG_EUNKNOWN, "tiktok: the init answer lacks a publish_id; %s", TT_MAYBE_CREATED);
        return NULL;
    }
    return id;
}

int tt_publish_finish(struct ag_session *s, const struct tt_publish_opts *o, const char *publish_id, int pull,
                      struct ag_error *err)
{
    if (!o->wait.wait) {
        tt_status_print(publish_id, NULL);
        return 0;
    }
    ag_info("%s as %s; waiting up to %" PRId64 " s for TikTok to process it (this can take a few minutes)",
            o->draft ? "Sent to the creator's inbox" : "Published", publish_id, o->wait.timeout);
    json_t *data = NULL;
    int rc = tt_status_wait(s, publish_id, o->wait.timeout, &data, err);
    if (ag_interrupt_is(rc))
        rc = tt_interrupted_wait(s, publish_id, data, pull, err);
    if (rc == 0) {
        tt_status_print(publish_id, data);
        if (o->draft)
            ag_info("Open the notification in the TikTok app to finish the post");
    }
    json_decref(data);
    return rc;
}
