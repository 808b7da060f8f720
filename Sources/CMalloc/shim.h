#include <malloc.h>

/// glibc's `mallopt` and `M_ARENA_MAX` are not in Swift's Glibc module. Caps the number of malloc arenas
/// (glibc's default is eight per core); returns 1 on success. Call before other threads allocate.
static inline int cmalloc_limit_arenas(int count) { return mallopt(M_ARENA_MAX, count); }
