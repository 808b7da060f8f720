#include <zlib.h>

/// deflateInit2 is a macro passing the library version and the stream size, which Swift cannot import.
static inline int czlib_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

/// inflateInit2 is a macro too: a raw DEFLATE stream (no zlib or gzip wrapper), as ZIP entries hold.
static inline int czlib_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
