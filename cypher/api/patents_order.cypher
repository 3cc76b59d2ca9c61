// name: patents_order
// description: every patent id matching the year and type filters, in patents_page's order (newest
//   application year first, then id). Read once per data version by the API's patent order cache, which
//   then serves pages as slices of it plus a lookup by ids.
MATCH (p:Patent)
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
RETURN p.id AS id
ORDER BY p.year DESC, p.id
