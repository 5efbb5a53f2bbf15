/* Stand-in for the C library's stdlib.h (see README.md). */
#ifndef OCES_STUB_STDLIB_H
#define OCES_STUB_STDLIB_H
#include <stddef.h>
void abort(void);
void *malloc(size_t n);
void free(void *p);
#endif
