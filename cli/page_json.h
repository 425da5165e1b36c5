/*
 * page_json.h - the JSON record of one extracted comment, shared by
 * extract (the whole record) and moderate (its first fields).
 */
#ifndef SC_PAGE_JSON_H
#define SC_PAGE_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "spamcls.h"

/* Writes "page":..,"index":..,"author":..,["author_url":..,]"date":..
 * (no braces) for comment number index (1-based). */
void page_json_head(FILE *fp, const char *page, size_t index,
                    const spamcls_page_comment *c);

/* --kind: auto, html or text; a usage error (EXIT_USAGE) otherwise. */
int cli_parse_page_kind(const char *cmd, const char *s, spamcls_page_kind *k);

/* A file name field of a record, byte-exact: decoded from "KEY_hex" when
 * there is one (a name that is not UTF-8), else the string; NULL when
 * absent. Caller frees. */
char *page_json_name(json_t *rec, const char *key);

#endif /* SC_PAGE_JSON_H */
