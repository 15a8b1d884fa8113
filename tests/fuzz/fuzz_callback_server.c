/*
 * The OAuth callback server's request handling (ag_callback_judge in src/core/callback_judge.c):
 * what it answers and whether the request ends the wait.  Input: "METHOD TARGET" (the raw
 * request target as libmicrohttpd hands it over, e.g. "GET /callback/?code=…&state=…").
 * Checked: a request ends the wait only with GET, the exact redirect path and exactly our
 * state (a wrong or missing state is ignored), and every answer has a status and a page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/callback.h"

#define PATH  "/callback/"
#define STATE "Xf3kq9Zt0bS1cVd2eWf3gYh4iZj5kAl6mBn7oCp8qDr"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *space = strchr(text, ' ');
    const char *target = space ? space + 1 : NULL; /* no target: as if it was over the size cap */
    if (space)
        *space = '\0';
    struct ag_callback_verdict v;
    ag_callback_judge(text, target, PATH, STATE, &v);
    if (!v.title || !v.text || v.status < 200 || v.status > 599 || (v.ends && v.ignored))
        abort();
    if (v.ends) {
        const char *q = strchr(target, '?');
        struct ag_oauth_result r;
        struct ag_error err = {0};
        ag_oauth_result_init(&r);
        /* The exact path, GET, and the target really carries our state. */
        if (strcmp(text, "GET") != 0 || !q || (size_t)(q - target) != strlen(PATH) ||
            strncmp(target, PATH, strlen(PATH)) != 0 || ag_oauth_parse_callback(target, &r, &err) < 0 ||
            !r.state || strcmp(r.state, STATE) != 0)
            abort();
        if (v.rc == 0 && (!v.result.code || !*v.result.code || v.status != 200))
            abort();
        if (v.rc < 0 && (v.status != 400 || !v.err.msg[0]))
            abort();
        ag_oauth_result_free(&r);
    }
    ag_oauth_result_free(&v.result);
    free(text);
    return 0;
}
