/* The chunk loop (see upload.h). */
#include "net/upload.h"

#include <stdio.h>
#include <string.h>

static void draw_progress(uint64_t sent, uint64_t total)
{
    int pct = (int)(sent * 100 / total);
    char bar[41];
    memset(bar, '#', (size_t)(pct * 40 / 100));
    memset(bar + pct * 40 / 100, '.', (size_t)(40 - pct * 40 / 100));
    bar[40] = '\0';
    fprintf(stderr, "\rUploading [%s] %3d%%", bar, pct);
    if (sent == total)
        fputc('\n', stderr);
}

int ag_upload_chunks(const struct ag_chunks *c, struct ag_error *err)
{
    int rc = 0, drawn = 0;
    for (uint64_t i = 0; i < c->count && rc == 0;) {
        uint64_t next = i + 1, have = 0;
        rc = c->send(c->ctx, i, &next, &have, err);
        if (rc == 0 && have > 0 && c->progress) {
            draw_progress(have, c->total_bytes);
            drawn = 1;
        }
        i = next;
    }
    if (rc < 0 && drawn)
        fputc('\n', stderr); /* the error (or Ctrl-C's report) starts on a line of its own */
    return rc;
}
