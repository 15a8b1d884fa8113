/* The one result printer (see result.h). */
#include "net/result.h"

#include <stdio.h>
#include <stdlib.h>

static ag_result_capture_fn capture;
static void *capture_ctx;

void ag_result_capture(ag_result_capture_fn fn, void *ctx)
{
    capture = fn;
    capture_ctx = ctx;
}

void ag_result_print_json(json_t *obj)
{
    if (capture) {
        if (obj)
            capture(obj, capture_ctx);
        return;
    }
    char *text = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (text)
        printf("%s\n", text);
    fflush(stdout);
    free(text);
}

void ag_result_print(const char *id_key, const char *id, json_t *more)
{
    json_t *out = json_pack("{s:s}", id_key, id);
    if (out && more)
        json_object_update(out, more);
    ag_result_print_json(out);
    json_decref(out);
}
