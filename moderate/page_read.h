/*
 * page_read.h - reading archived pages for extract and moderate: whole
 * files up to a size limit, and the checks that decide a file is no page.
 */
#ifndef SC_PAGE_READ_H
#define SC_PAGE_READ_H

#include <stddef.h>
#include <sys/stat.h>

#include "spamcls.h"

/* Why a page was skipped; the names are those of the summary. */
typedef enum sc_page_skip {
  SC_PAGE_OK = 0,
  SC_PAGE_UNREADABLE,  /* open or read failed */
  SC_PAGE_TOO_LARGE,   /* over --max-page bytes */
  SC_PAGE_BINARY,      /* NUL bytes or mostly control bytes: not a page */
  SC_PAGE_NOMEM,
  SC_PAGE_OUTPUT,      /* its cleaned copy could not be written */
  SC_PAGE_TOO_DEEP,    /* a folder below the walk's depth limit */
  SC_PAGE_FOLDER_LINK, /* a link to a folder: not followed */
  SC_PAGE_MALFORMED,   /* a site export that is not well-formed XML */
  SC_PAGE_SKIP_COUNT
} sc_page_skip;

/* "unreadable", "too_large", "binary", "out_of_memory", "output_error",
 * "too_deep", "folder_link", "malformed". */
const char *sc_page_skip_name(sc_page_skip why);

#define SC_PAGE_DEFAULT_MAX ((size_t)16 << 20)

/* Reads path ("-": standard input) into *data (caller frees). On failure
 * msg gets "PATH: reason"; st (when not NULL) the file's status. */
sc_page_skip sc_page_read(const char *path, size_t max, char **data, size_t *len,
                          struct stat *st, char *msg, size_t msglen);

/* Binary data rather than a page: a NUL byte, or more than one byte in
 * ten a control character, in the first 8 KiB. UTF-16 text with a byte
 * order mark is not binary. */
int sc_page_is_binary(const char *data, size_t len);

/* The kind to extract path as: kind itself unless it is auto; then
 * html for .html, .htm, .xhtml, .shtml, .php, .asp, .aspx, .jsp; text for
 * .txt and .text; auto (sniffed from the bytes) otherwise. */
spamcls_page_kind sc_page_kind_for(const char *path, spamcls_page_kind kind);

#endif /* SC_PAGE_READ_H */
