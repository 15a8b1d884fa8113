/*
 * The OAuth callback: the request target the loopback server receives (or a URL pasted on
 * stdin) goes through ag_oauth_parse_callback, then ag_oauth_check_callback against the state
 * agoras generated.  Input: the raw request target, e.g. "/callback/?code=…&state=…".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/oauth.h"

#define STATE "Xf3kq9Zt0bS1cVd2eWf3gYh4iZj5kAl6mBn7oCp8qDr"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct ag_oauth_result r;
    struct ag_error err = {0};
    ag_oauth_result_init(&r);
    if (ag_oauth_parse_callback(text, &r, &err) == 0) {
        int rc = ag_oauth_check_callback(&r, STATE, &err);
        /* Accepted means: a code and exactly our state. */
        if (rc == 0 && (!r.code || !r.state || strcmp(r.state, STATE) != 0))
            abort();
        if (rc < 0 && err.msg[0] == '\0')
            abort();
    }
    ag_oauth_result_free(&r);
    free(text);
    return 0;
}
