/*
 * Feeds (core/feed*.c): any bytes a feed server could send, parsed as ag_feed_parse parses a
 * fetched body, against a base URL so relative links are resolved; every item field is then read
 * (ASan sees a dangling or unterminated string).  The input's first line also goes to ag_feed_date,
 * as a pubDate's text would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char date[128];
    size_t n = 0;
    while (n < size && n < sizeof(date) - 1 && data[n] != '\n')
        n++;
    memcpy(date, data, n);
    date[n] = '\0';
    int64_t t;
    (void)ag_feed_date(date, &t);

    struct ag_feed feed;
    struct ag_error err = {0};
    if (ag_feed_parse((const char *)data, size, "https://fuzz.example/dir/feed.xml", &feed, &err) < 0) {
        if (strlen(err.msg) == 0)
            abort(); /* every refusal says why */
        return 0;
    }
    size_t sum = touch(feed.title);
    for (size_t i = 0; i < feed.n_items; i++) {
        const struct ag_feed_item *it = &feed.items[i];
        if (!it->key || it->order != i)
            abort(); /* the model's promises: a key always, order is the position */
        sum += touch(it->key) + touch(it->link) + touch(it->title) + touch(it->body) + touch(it->image) +
               touch(it->video);
    }
    ag_feed_free(&feed);
    return sum == (size_t)-1; /* keeps the reads */
}
