/* Stand-in for the C library's string.h (see README.md): the declarations ring uses. */
#ifndef OCES_STUB_STRING_H
#define OCES_STUB_STRING_H
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#endif
