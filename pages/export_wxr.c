/*
 * export_wxr.c - WordPress eXtended RSS (WXR), the export of Tools >
 * Export: rss > channel > item (a post: title, link, ...) holding
 * wp:comment elements, each with wp:comment_id, wp:comment_author,
 * wp:comment_author_url, wp:comment_date, wp:comment_content (HTML) and
 * wp:comment_approved: 1 approved, 0 held for moderation, spam, trash or
 * post-trashed. The wp namespace is http://wordpress.org/export/1.N/
 * (1.0 to 1.2 are in use); the prefix is whatever the file declares.
 */
#include <string.h>

#include "export.h"

static int is_wp(const xmlChar *ns)
{
  return ns && strncmp((const char *)ns, "http://wordpress.org/export/",
                       28) == 0;
}

static int eq(const xmlChar *a, const char *b)
{
  return a && strcmp((const char *)a, b) == 0;
}

static int wxr_is_comment(const xmlChar *ns, const xmlChar *local, int depth)
{
  return is_wp(ns) && eq(local, "comment");
}

static int wxr_field(const xmlChar *ns, const xmlChar *local, int rel,
                     const char *parent)
{
  static const struct {
    const char *name;
    int field;
  } fields[] = {
    {"comment_id", EXF_ID},          {"comment_author", EXF_AUTHOR},
    {"comment_author_url", EXF_URL}, {"comment_date", EXF_DATE},
    {"comment_content", EXF_BODY},   {"comment_approved", EXF_STATUS},
  };
  if (rel != 1 || !is_wp(ns))
    return -1;
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    if (eq(local, fields[i].name))
      return fields[i].field;
  return -1;
}

/* An item starts a post; its RSS link (no namespace, a child of the item
 * at depth 3: rss > channel > item > link) is the comments' thread. */
static int wxr_context(const xmlChar *ns, const xmlChar *local, int depth,
                       int *clear)
{
  *clear = !ns && depth == 2 && eq(local, "item");
  return !ns && depth == 3 && eq(local, "link") ? EXF_THREAD : -1;
}

static spamcls_site_status wxr_site(const sc_exfields *f)
{
  const sc_buf *s = &f->f[EXF_STATUS];
  if (!f->has[EXF_STATUS])
    return SPAMCLS_SITE_UNKNOWN;
  if (sc_exfield_is(s, "1") || sc_exfield_is(s, "approve") ||
      sc_exfield_is(s, "approved"))
    return SPAMCLS_SITE_APPROVED;
  if (sc_exfield_is(s, "0") || sc_exfield_is(s, "hold"))
    return SPAMCLS_SITE_PENDING;
  if (sc_exfield_is(s, "spam"))
    return SPAMCLS_SITE_SPAM;
  if (sc_exfield_is(s, "trash") || sc_exfield_is(s, "post-trashed"))
    return SPAMCLS_SITE_TRASH;
  return SPAMCLS_SITE_UNKNOWN;
}

const sc_dialect sc_dialect_wxr = {
  SPAMCLS_EXPORT_WXR, "spam", wxr_is_comment, wxr_field, wxr_context, NULL,
  wxr_site,
};
