/*
 * Media type sniffing (libmagic over the first bytes) and the header-only image size parser
 * (JPEG, PNG, WebP, GIF) on arbitrary bytes, as ag_media_sniff_fd and the image checks use them.
 * The libavformat probe runs in the separate agoras-probe child and is not fuzzed here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ag_media_info info;
    struct ag_error err = {0};
    ag_media_info_init(&info);
    if (size > AG_MEDIA_SNIFF_BYTES)
        size = AG_MEDIA_SNIFF_BYTES;
    (void)ag_media_sniff_buffer(data, size, "fuzz", &info, &err);
    if (memchr(info.mime, '\0', sizeof(info.mime)) == NULL)
        abort();
    static const enum ag_media_type types[] = {AG_MEDIA_JPEG, AG_MEDIA_PNG, AG_MEDIA_WEBP, AG_MEDIA_GIF};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        int w = 0, h = 0;
        if (ag_media_image_size(types[i], data, size, &w, &h) == 0 && (w <= 0 || h <= 0))
            abort(); /* "known" dimensions must be real ones */
    }
    int w = 0, h = 0;
    (void)ag_media_image_size(info.type, data, size, &w, &h);
    return 0;
}
