// name: organizations_order
// description: every organisation id matching the kind and region filters, in organizations_page's
//   order (most patents first, then id). Read once per data version by the API's order cache.
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.province = $region OR o.city = $region)
RETURN o.id AS id
ORDER BY coalesce(o.patent_count, 0) DESC, o.id
