#include "platforms/discord/message.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "core/text.h"

static int oom(struct ag_error *err)
{
    return ag_error_set(err, AG_EFAIL, "out of memory");
}

/* Code points of valid UTF-8 s. */
static size_t chars(const char *s)
{
    size_t n = 0, len = strlen(s);
    uint32_t cp;
    for (size_t i = 0; i < len; n++)
        i += ag_utf8_decode(s + i, len - i, &cp);
    return n;
}

/* s cut to at most max characters, ending in "…" when cut (new string). */
static json_t *cut(const char *s, size_t max)
{
    size_t len = strlen(s), i = 0, n = 0;
    uint32_t cp;
    if (!ag_utf8_valid(s, len))
        return NULL;
    if (chars(s) <= max)
        return json_string(s);
    while (n < max - 1) {
        i += ag_utf8_decode(s + i, len - i, &cp);
        n++;
    }
    char *buf = malloc(i + 4);
    if (!buf)
        return NULL;
    memcpy(buf, s, i);
    memcpy(buf + i, "\xe2\x80\xa6", 4); /* U+2026, the NUL included */
    json_t *out = json_string(buf);
    free(buf);
    return out;
}

int dc_nonce(char out[DC_NONCE_LEN + 1], struct ag_error *err)
{
    unsigned char raw[DC_NONCE_LEN];
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        return ag_error_set(err, AG_EFAIL, "discord: no random bytes for the message's nonce");
    for (size_t i = 0; i < DC_NONCE_LEN; i++)
        out[i] = (char)('0' + raw[i] % 10);
    out[0] = (char)('1' + raw[0] % 9); /* no leading zero: the same text read as a number or a string */
    out[DC_NONCE_LEN] = '\0';
    return 0;
}

int dc_message_set_content(json_t *msg, const char *content, struct ag_error *err)
{
    if (!content || !*content) {
        json_object_del(msg, "content");
        return 0;
    }
    if (!ag_utf8_valid(content, strlen(content)))
        return ag_error_set(err, AG_EINVALID, "discord: the text is not valid UTF-8: fix its encoding");
    size_t n = chars(content);
    if (n > DC_CONTENT_MAX)
        return ag_error_set(err, AG_EINVALID,
                            "discord: the text is %zu characters long; Discord allows at most %d: shorten it",
                            n, DC_CONTENT_MAX);
    return json_object_set_new(msg, "content", json_string(content)) < 0 ? oom(err) : 0;
}

int dc_message_new(const char *content, json_t **out, struct ag_error *err)
{
    char nonce[DC_NONCE_LEN + 1];
    *out = NULL;
    int rc = dc_nonce(nonce, err);
    if (rc < 0)
        return rc;
    json_t *msg =
        json_pack("{s:s, s:b, s:{s:[]}}", "nonce", nonce, "enforce_nonce", 1, "allowed_mentions", "parse");
    if (!msg)
        return oom(err);
    rc = dc_message_set_content(msg, content, err);
    if (rc < 0) {
        json_decref(msg);
        return rc;
    }
    *out = msg;
    return 0;
}

static int add_embed(json_t *msg, json_t *embed, struct ag_error *err)
{
    json_t *list = json_object_get(msg, "embeds");
    if (!embed)
        return oom(err);
    if (!list) {
        list = json_array();
        if (!list || json_object_set_new(msg, "embeds", list) < 0) {
            json_decref(embed);
            return oom(err);
        }
    }
    return json_array_append_new(list, embed) < 0 ? oom(err) : 0;
}

int dc_message_add_link(json_t *msg, const char *link, const struct ag_og *og, struct ag_error *err)
{
    json_t *e = json_pack("{s:s}", "url", link);
    if (e && og && og->title)
        json_object_set_new(e, "title", cut(og->title, DC_TITLE_MAX));
    if (e && og && og->description)
        json_object_set_new(e, "description", cut(og->description, DC_DESCRIPTION_MAX));
    if (e && og && og->image)
        json_object_set_new(e, "image", json_pack("{s:s}", "url", og->image));
    return add_embed(msg, e, err);
}

int dc_message_add_image(json_t *msg, const char *image_url, struct ag_error *err)
{
    return add_embed(msg, json_pack("{s:{s:s}}", "image", "url", image_url), err);
}

int dc_message_add_title(json_t *msg, const char *title, struct ag_error *err)
{
    json_t *t = cut(title, DC_TITLE_MAX);
    if (!t)
        return ag_error_set(err, AG_EINVALID,
                            "discord: the video title is not valid UTF-8: fix its encoding");
    return add_embed(msg, json_pack("{s:o}", "title", t), err);
}

int dc_message_add_attachment(json_t *msg, size_t id, const char *filename, struct ag_error *err)
{
    json_t *list = json_object_get(msg, "attachments");
    if (!list) {
        list = json_array();
        if (!list || json_object_set_new(msg, "attachments", list) < 0)
            return oom(err);
    }
    json_t *a = json_pack("{s:I, s:s}", "id", (json_int_t)id, "filename", filename);
    return a && json_array_append_new(list, a) == 0 ? 0 : oom(err);
}
