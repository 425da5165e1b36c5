/*
 * moderation.h - the parts of spamcls_moderate_page that the spamcls
 * program also uses on its own (site exports judge comments in batches,
 * a resumed run joins spans read back from its report).
 */
#ifndef SC_MODERATION_H
#define SC_MODERATION_H

#include "spamcls.h"

/* The comment as a spamcls_comment for scoring (text, author, author
 * URL; source names the page, may be NULL). */
spamcls_comment sc_moderate_comment(const spamcls_page_comment *c,
                                    const char *page);

/* Judges one comment: the text cut at max_comment bytes (*truncated) on a
 * character boundary, a blank one EMPTY without scoring; with explain,
 * the top features in why[0..*nwhy). */
spamcls_status sc_moderate_judge(spamcls_scorer *s,
                                 const spamcls_page_comment *c,
                                 const char *page, size_t max_comment,
                                 spamcls_contribution *why, size_t explain,
                                 spamcls_result *r, size_t *nwhy,
                                 int *truncated);

/* Sorts the spans and joins overlapping ones; returns how many are left. */
size_t sc_spans_join(spamcls_span *v, size_t n);

#endif /* SC_MODERATION_H */
