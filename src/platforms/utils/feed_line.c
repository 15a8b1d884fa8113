/* feed-publish's output: one JSON line per delivery, each in one write(2) so lines from the networks'
 * concurrent processes never interleave. */
#include "platforms/utils/feed_publish.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void feed_line(const char *network, const char *item, const char *status, const char *id, const char *message,
               json_t *extra)
{
    json_t *o = json_object();
    if (!o)
        return;
    json_object_set_new(o, "network", json_string(network));
    if (item)
        json_object_set_new(o, "item", json_string(item));
    json_object_set_new(o, "status", json_string(status));
    if (id)
        json_object_set_new(o, "id", json_string(id));
    if (message)
        json_object_set_new(o, "message", json_string(message));
    if (extra)
        json_object_update(o, extra);
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!text)
        return;
    size_t len = strlen(text);
    text[len] = '\n'; /* json_dumps's terminator becomes the newline: one buffer, one write */
    ssize_t w;
    do
        w = write(STDOUT_FILENO, text, len + 1);
    while (w < 0 && errno == EINTR);
    free(text);
}

static int rank(int code)
{
    static const int order[] = {[0] = 0, [5] = 1, [2] = 2, [4] = 3, [1] = 4, [3] = 5, [6] = 6};
    return code >= 0 && code <= 6 ? order[code] : 7;
}

int feed_worse(int a, int b)
{
    return rank(b) > rank(a) ? b : a;
}
