/*
 * export_disqus.c - Disqus exports (Admin > Community > Export): a
 * disqus root (namespace http://disqus.com) holding category and thread
 * elements, then post elements, each with a dsq:id attribute (namespace
 * http://disqus.com/disqus-internals), message (HTML), createdAt,
 * isDeleted, isSpam, author > name, and thread dsq:id="..." naming its
 * thread. A post's status is isSpam, then isDeleted; there is no
 * "pending" in these exports.
 */
#include <string.h>

#include "export.h"

#define DISQUS_NS "http://disqus.com"
#define DSQ_NS "http://disqus.com/disqus-internals"

static int eq(const xmlChar *a, const char *b)
{
  return a && strcmp((const char *)a, b) == 0;
}

static int disqus_is_comment(const xmlChar *ns, const xmlChar *local,
                             int depth)
{
  return depth == 1 && eq(ns, DISQUS_NS) && eq(local, "post");
}

static int disqus_field(const xmlChar *ns, const xmlChar *local, int rel,
                        const char *parent)
{
  if (!eq(ns, DISQUS_NS))
    return -1;
  if (rel == 2)
    return parent && strcmp(parent, "author") == 0 && eq(local, "name")
               ? EXF_AUTHOR : -1;
  if (rel != 1)
    return -1;
  if (eq(local, "message"))
    return EXF_BODY;
  if (eq(local, "createdAt"))
    return EXF_DATE;
  if (eq(local, "isSpam"))
    return EXF_STATUS;
  if (eq(local, "isDeleted"))
    return EXF_DELETED;
  return -1;
}

static int disqus_context(const xmlChar *ns, const xmlChar *local, int depth,
                          int *clear)
{
  *clear = 0;
  return -1;
}

/* The post's dsq:id is its id; its thread child's dsq:id its thread. */
static int disqus_attrs(xmlTextReaderPtr r, int rel, const xmlChar *local,
                        sc_exfields *f)
{
  int k = rel == 0 ? EXF_ID
          : rel == 1 && eq(local, "thread") ? EXF_THREAD : -1;
  if (k < 0 || f->has[k])
    return 0;
  xmlChar *v = xmlTextReaderGetAttributeNs(r, BAD_CAST "id", BAD_CAST DSQ_NS);
  if (!v)
    return 0;
  int rc = sc_exfield_set(f, k, (const char *)v);
  xmlFree(v);
  return rc;
}

static spamcls_site_status disqus_site(const sc_exfields *f)
{
  if (f->has[EXF_STATUS] && sc_exfield_is(&f->f[EXF_STATUS], "true"))
    return SPAMCLS_SITE_SPAM;
  if (f->has[EXF_DELETED] && sc_exfield_is(&f->f[EXF_DELETED], "true"))
    return SPAMCLS_SITE_DELETED;
  if (f->has[EXF_STATUS] && !sc_exfield_is(&f->f[EXF_STATUS], "false"))
    return SPAMCLS_SITE_UNKNOWN;
  return SPAMCLS_SITE_APPROVED;
}

const sc_dialect sc_dialect_disqus = {
  SPAMCLS_EXPORT_DISQUS, "true", disqus_is_comment, disqus_field,
  disqus_context, disqus_attrs, disqus_site,
};
