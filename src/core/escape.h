/* Text from servers and file names made safe for a terminal. */
#ifndef AG_ESCAPE_H
#define AG_ESCAPE_H

#include <stddef.h>

/*
 * Copy src to dst (size bytes, always NUL-terminated when size > 0) with every byte that could
 * steer a terminal written as \xHH: C0 controls (ESC, CR, LF, BEL, TAB …) except those listed in
 * keep (NULL: none), DEL, C1 controls (U+0080-U+009F, written as their two UTF-8 bytes) and bytes
 * that are not valid UTF-8 (a lone 0x9b is CSI on an 8-bit terminal).  Valid printable UTF-8 is
 * kept as is, and the output is cut only between whole characters or escapes.  Applying it again
 * changes nothing.  Returns the length written.
 */
size_t ag_escape_controls(char *dst, size_t size, const char *src, const char *keep);

#endif
